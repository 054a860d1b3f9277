-- From approval to QuickBooks: a wizard item, once approved, carries its own sync. Its state goes on from APPROVED
-- to PENDING (in an outbox document), then SUCCEEDED or FAILED; these columns are that journey.
--   identity            our ExternalGUID for an Add, fixed at approval, so a lost Add can be recognised in QuickBooks
--   rank_order          dependency order (accounts, classes, terms; items, customers, vendors; invoices; payments)
--   blocked_by_record_id  the record (parent) that must reach QuickBooks first
--   document_id         the outbox document the item's request went out in; its requestID is the item id
--   lookup              IDENTITY (find a possibly applied Add by our identity) or REFRESH (re-read for EditSequence)
--   lookup_document_id  the outbox document carrying that lookup
--   sent_as             the request the item last went out as (ADD, MOD, DEL, QUERY): an Add of a record linked
--                       meanwhile goes out as a Mod
--   sent_key            the name (lists) or RefNumber (transactions) an Add went out with, to find it again even if
--                       the record is renamed before its lost answer is looked up
ALTER TABLE wizard_items
	ADD COLUMN identity              CHAR(36)      CHARACTER SET ascii NULL,
	ADD COLUMN rank_order            INT           NOT NULL DEFAULT 0,
	ADD COLUMN decided_by            VARCHAR(64)   NULL,
	ADD COLUMN decided_at            DATETIME(6)   NULL,
	ADD COLUMN resolution            VARCHAR(16)   CHARACTER SET ascii NULL,
	ADD COLUMN blocked_by_record_id  BIGINT        NULL,
	ADD COLUMN document_id           BIGINT        NULL,
	ADD COLUMN released_at           DATETIME(6)   NULL,
	ADD COLUMN lookup                VARCHAR(16)   CHARACTER SET ascii NULL,
	ADD COLUMN lookup_document_id    BIGINT        NULL,
	ADD COLUMN sent_as               VARCHAR(8)    CHARACTER SET ascii NULL,
	ADD COLUMN sent_key              VARCHAR(255)  NULL,
	ADD COLUMN attempts              INT           NOT NULL DEFAULT 0,
	ADD COLUMN next_attempt_at       DATETIME(6)   NULL,
	ADD COLUMN result_code           VARCHAR(16)   CHARACTER SET ascii NULL,
	ADD COLUMN result_message        VARCHAR(2000) NULL,
	ADD COLUMN result_class          VARCHAR(32)   CHARACTER SET ascii NULL,
	ADD COLUMN result_qb_id          VARCHAR(36)   CHARACTER SET ascii NULL,
	ADD COLUMN first_failed_at       DATETIME(6)   NULL,
	ADD COLUMN last_failed_at        DATETIME(6)   NULL,
	ADD COLUMN finished_at           DATETIME(6)   NULL,
	ADD COLUMN delivery_execution_id BIGINT        NULL,
	ADD INDEX wizard_items_release_idx (company_id, state, direction, rank_order, id),
	ADD INDEX wizard_items_record_idx (company_id, record_id, direction, state),
	ADD INDEX wizard_items_document_idx (document_id),
	ADD INDEX wizard_items_lookup_idx (lookup_document_id),
	ADD INDEX wizard_items_blocked_idx (company_id, blocked_by_record_id),
	ADD INDEX wizard_items_qb_idx (company_id, qb_id),
	ADD INDEX wizard_items_finished_idx (company_id, state, finished_at);

-- Every decision about an item, for the audit trail: who, when, what.
CREATE TABLE wizard_decisions (
	id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id BIGINT       NOT NULL,
	item_id    BIGINT       NULL,
	actor      VARCHAR(64)  NOT NULL,
	decision   VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	detail     VARCHAR(500) NULL,
	decided_at DATETIME(6)  NOT NULL,
	CONSTRAINT wizard_decisions_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	INDEX wizard_decisions_company_idx (company_id, id),
	INDEX wizard_decisions_item_idx (item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Changes from QuickBooks an admin approved, published to the host app in order (id is the feed cursor).
CREATE TABLE quickbooks_feed (
	id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id   BIGINT       NOT NULL,
	item_id      BIGINT       NOT NULL,
	action       VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	object_type  VARCHAR(64)  CHARACTER SET ascii NOT NULL,
	qb_id        VARCHAR(36)  CHARACTER SET ascii NOT NULL,
	record_type  VARCHAR(32)  CHARACTER SET ascii NULL,
	external_id  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
	data         LONGTEXT     NULL,
	published_at DATETIME(6)  NOT NULL,
	CONSTRAINT quickbooks_feed_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT quickbooks_feed_item_uk UNIQUE (item_id),
	INDEX quickbooks_feed_company_idx (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The Spring Batch job execution that stands for a session's delivery of released documents.
ALTER TABLE webconnector_sessions ADD COLUMN delivery_execution_id BIGINT NULL;
