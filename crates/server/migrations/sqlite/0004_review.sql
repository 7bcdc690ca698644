-- Where an interview took place, copied out of its answers when it arrives, so that the
-- review table filters and counts by place without reading every submission. NULL for a
-- sealed submission, whose answers the server cannot read.
ALTER TABLE submissions ADD COLUMN governorate TEXT;
ALTER TABLE submissions ADD COLUMN district TEXT;
-- The supervisor's verdict: pending until reviewed, then approved, on_hold or rejected.
ALTER TABLE submissions ADD COLUMN review_status TEXT NOT NULL DEFAULT 'pending';

UPDATE submissions
SET governorate = json_extract(content, '$.answers.governorate'),
    district = json_extract(content, '$.answers.district');

CREATE INDEX submissions_finalized ON submissions (finalized_at);
CREATE INDEX submissions_district ON submissions (district, finalized_at);
CREATE INDEX submissions_review ON submissions (review_status, finalized_at);

-- Every review decision, kept: which submission, what, why, who and when.
CREATE TABLE review_events (
    id             INTEGER PRIMARY KEY,
    submission_id  TEXT NOT NULL REFERENCES submissions (id),
    status         TEXT NOT NULL,
    comment        TEXT NOT NULL,
    supervisor     TEXT NOT NULL REFERENCES supervisors (name),
    at             INTEGER NOT NULL
) STRICT;

CREATE INDEX review_events_submission ON review_events (submission_id, id);
