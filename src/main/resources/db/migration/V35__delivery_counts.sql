-- A running delivery's counts (deliver-to-quickbooks), one row per job execution: each sendRequestXML and
-- receiveResponseXML adds to them with one statement in the call's transaction, and the delivery's end moves them
-- into its Spring Batch step (read, write and skip counts, and its context) and deletes the row; counts that come
-- after it ended (a lookup answered in a later session) are moved when stale sessions are next expired. failed_items
-- lists the first failed item ids, comma-separated, only as many as the step lists (100). No foreign key: Spring
-- Batch's rows are written and purged by its repository.
CREATE TABLE delivery_counts (
	job_execution_id BIGINT        NOT NULL PRIMARY KEY,
	sent             BIGINT        NOT NULL DEFAULT 0,
	succeeded        BIGINT        NOT NULL DEFAULT 0,
	failed           BIGINT        NOT NULL DEFAULT 0,
	retried          BIGINT        NOT NULL DEFAULT 0,
	failed_items     VARCHAR(2000) CHARACTER SET ascii NOT NULL DEFAULT ''
) ENGINE=InnoDB;
