-- When each import query first read its QuickBooks list (or transactions) through to the end. Until a type has been
-- read once, qbsync cannot tell whether QuickBooks already holds a record, so the scan offers no Add of that type
-- (it would duplicate what the company had before qbsync). completed_at cannot say this: a failed query also sets it.
ALTER TABLE quickbooks_import_cursors ADD COLUMN first_read_at DATETIME(6) NULL;

UPDATE quickbooks_import_cursors SET first_read_at = completed_at
WHERE completed_at IS NOT NULL AND (cursor_local IS NOT NULL OR last_error IS NULL);
