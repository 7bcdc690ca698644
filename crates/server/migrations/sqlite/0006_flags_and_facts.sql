-- Data-quality flags raised when a submission arrived: the sum of qabul-core's
-- `quality::Flag::bit`s (1 too short, 2 a gap below in the device's sequence, 4 a burst).
-- Submissions stored before this migration arrived unflagged and stay so.
ALTER TABLE submissions ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
-- What the dashboard reads of a submission (qabul-core `dashboard::Facts::encode`), so that
-- it does not parse every submission again. NULL until computed: the server fills in those
-- stored before this migration when it starts.
ALTER TABLE submissions ADD COLUMN facts TEXT;
-- The dashboard reads these columns of every submission of a form version: from this index
-- alone, without the pages that hold the submissions' content. The device comes first so
-- that the planner scans it whole for the dashboard but never takes it for the review
-- table's filters and orders, which have their own indexes.
CREATE INDEX submissions_dashboard
    ON submissions (device_id, form_id, form_version, finalized_at, facts);
