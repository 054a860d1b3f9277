-- The SingleOps side: qbsync's own copy of the field-service app's records, per company, as the host app last sent
-- them. data is the record's canonical JSON (fields in a fixed order, money and quantities as decimal strings, ISO
-- dates) and content_hash its SHA-256, so an unchanged PUT is recognised without comparing text. A deleted record
-- keeps its last data. The qb_* columns link the record to its QuickBooks object (ListID or TxnID, EditSequence).
CREATE TABLE singleops_records (
	id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id       BIGINT       NOT NULL,
	record_type      VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	external_id      VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	data             LONGTEXT     NOT NULL,
	content_hash     CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	deleted          BOOLEAN      NOT NULL DEFAULT FALSE,
	version          INT          NOT NULL,
	created_at       DATETIME(6)  NOT NULL,
	updated_at       DATETIME(6)  NOT NULL,
	qb_id            VARCHAR(36)  CHARACTER SET ascii NULL,
	qb_edit_sequence VARCHAR(16)  CHARACTER SET ascii NULL,
	last_synced_at   DATETIME(6)  NULL,
	sync_state       VARCHAR(32)  CHARACTER SET ascii NOT NULL DEFAULT 'NEVER_SYNCED',
	CONSTRAINT singleops_records_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT singleops_records_external_id_uk UNIQUE (company_id, record_type, external_id),
	INDEX singleops_records_company_type_idx (company_id, record_type, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The SingleOps change set: one row per accepted change, written in the same transaction as the change. id is the
-- scan cursor: every write for a company first locks the company's row in singleops_journal_locks, so a company's
-- changes commit in id order and a scan that has read up to id N never later finds a smaller id appear.
-- data is the record's canonical JSON after the change (NULL for a delete).
CREATE TABLE singleops_changes (
	id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id  BIGINT       NOT NULL,
	record_id   BIGINT       NOT NULL,
	record_type VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	external_id VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
	change_kind VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	version     INT          NOT NULL,
	data        LONGTEXT     NULL,
	created_at  DATETIME(6)  NOT NULL,
	CONSTRAINT singleops_changes_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT singleops_changes_record_fk FOREIGN KEY (record_id) REFERENCES singleops_records (id),
	INDEX singleops_changes_company_idx (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which records a (not deleted) record names: an invoice its customer and items, a payment its customer and
-- invoices. Kept so that deleting a record still named by others is refused, and for the sync's ordering.
CREATE TABLE singleops_references (
	source_record_id BIGINT NOT NULL,
	target_record_id BIGINT NOT NULL,
	PRIMARY KEY (source_record_id, target_record_id),
	CONSTRAINT singleops_references_source_fk FOREIGN KEY (source_record_id) REFERENCES singleops_records (id),
	CONSTRAINT singleops_references_target_fk FOREIGN KEY (target_record_id) REFERENCES singleops_records (id),
	INDEX singleops_references_target_idx (target_record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per company that has written SingleOps records: each write transaction locks it first (INSERT ... ON
-- DUPLICATE KEY UPDATE), so a company's writes, and so its change-set ids, go one transaction at a time.
CREATE TABLE singleops_journal_locks (
	company_id BIGINT NOT NULL PRIMARY KEY,
	CONSTRAINT singleops_journal_locks_company_fk FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
