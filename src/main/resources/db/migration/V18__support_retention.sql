-- The retention job (purge-old-data): an answered outbox document keeps its row (wizard items, sessions and the
-- Sync Report refer to it) but loses its request and response bodies after qbsync.retention.outbox-bodies; this is
-- when that happened. The indexes let the job find its work, and the delivery a wizard item belongs to, without a
-- table scan.
ALTER TABLE outbox_documents
	ADD COLUMN bodies_purged_at DATETIME(6) NULL,
	ADD INDEX outbox_documents_answered_idx (answered_at);

ALTER TABLE wizard_items ADD INDEX wizard_items_delivery_idx (delivery_execution_id);

CREATE INDEX BATCH_JOB_EXECUTION_END_IDX ON BATCH_JOB_EXECUTION (END_TIME);
