-- The Sync Wizard: one item per record and direction waiting for an admin's decision.
-- open_key is set only while an item is OPEN ('<direction>:<record>'), so the unique key allows one open item per
-- record and direction while any number of decided ones stay for the record's history.
CREATE TABLE wizard_items (
	id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id     BIGINT       NOT NULL,
	direction      VARCHAR(16)  CHARACTER SET ascii NOT NULL,
	object_type    VARCHAR(64)  CHARACTER SET ascii NOT NULL,
	record_id      BIGINT       NULL,
	record_type    VARCHAR(32)  CHARACTER SET ascii NULL,
	external_id    VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
	qb_id          VARCHAR(36)  CHARACTER SET ascii NULL,
	action         VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	state          VARCHAR(16)  CHARACTER SET ascii NOT NULL,
	open_key       VARCHAR(150) CHARACTER SET ascii NULL,
	summary        VARCHAR(500) NOT NULL,
	changes        LONGTEXT     NOT NULL,
	problems       LONGTEXT     NOT NULL,
	candidate      LONGTEXT     NULL,
	needs_review   BOOLEAN      NOT NULL DEFAULT FALSE,
	source_version VARCHAR(40)  CHARACTER SET ascii NULL,
	created_at     DATETIME(6)  NOT NULL,
	updated_at     DATETIME(6)  NOT NULL,
	CONSTRAINT wizard_items_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT wizard_items_open_uk UNIQUE (company_id, open_key),
	INDEX wizard_items_company_state_idx (company_id, state, direction, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How far each company's scan has read both change sets, and whether a scan of it is running.
CREATE TABLE wizard_scan_cursors (
	company_id           BIGINT      NOT NULL PRIMARY KEY,
	singleops_change_id  BIGINT      NOT NULL DEFAULT 0,
	quickbooks_change_id BIGINT      NOT NULL DEFAULT 0,
	runs                 BIGINT      NOT NULL DEFAULT 0,
	running_since        DATETIME(6) NULL,
	CONSTRAINT wizard_scan_cursors_company_fk FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
