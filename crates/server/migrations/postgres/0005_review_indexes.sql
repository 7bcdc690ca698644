-- Indexes for the review table's other filters and orders, found slow on 100,000
-- submissions (crates/server/benches/review.rs): by outcome, by arrival, by status in order
-- of arrival, and a phone's submissions in time order (the enumerator filter).
CREATE INDEX submissions_outcome ON submissions (outcome, finalized_at);
CREATE INDEX submissions_received ON submissions (received_at, id);
CREATE INDEX submissions_review_received ON submissions (review_status, received_at, id);
CREATE INDEX submissions_device_time ON submissions (device_id, finalized_at);
