-- Whether a company lets qbsync shorten text that is longer than QuickBooks keeps (otherwise such a record is refused
-- with a message naming the field and the limit).
ALTER TABLE companies ADD COLUMN allow_truncation BOOLEAN NOT NULL DEFAULT FALSE AFTER run_every_minutes;
