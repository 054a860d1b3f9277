-- Where each company's import from QuickBooks has got to, per object type (and per deleted-object query).
-- cursor_local is QuickBooks' own local wall-clock time (TimeModified without its offset, which QuickBooks gets
-- wrong around daylight saving); a cursor only moves when an iteration has finished.
CREATE TABLE quickbooks_import_cursors (
	company_id        BIGINT        NOT NULL,
	query             VARCHAR(64)   CHARACTER SET ascii NOT NULL,
	state             VARCHAR(16)   CHARACTER SET ascii NOT NULL,
	cursor_local      VARCHAR(19)   CHARACTER SET ascii NULL,
	iteration_max     VARCHAR(19)   CHARACTER SET ascii NULL,
	iterator_id       VARCHAR(64)   CHARACTER SET ascii NULL,
	document_id       BIGINT        NULL,
	started_at        DATETIME(6)   NULL,
	completed_at      DATETIME(6)   NULL,
	last_error        VARCHAR(2000) NULL,
	PRIMARY KEY (company_id, query),
	CONSTRAINT quickbooks_import_cursors_company_fk FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The QuickBooks change set: every object (or deletion) QuickBooks returned, raw, once per version.
-- A version is the object's EditSequence; the unique key drops the copies an overlapping query returns again.
CREATE TABLE quickbooks_changes (
	id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id         BIGINT       NOT NULL,
	object_type        VARCHAR(64)  CHARACTER SET ascii NOT NULL,
	qb_id              VARCHAR(36)  CHARACTER SET ascii NOT NULL,
	edit_sequence      VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	deleted            BOOLEAN      NOT NULL,
	display_name       VARCHAR(255) NULL,
	time_modified      VARCHAR(40)  CHARACTER SET ascii NULL,
	data               LONGTEXT     NULL,
	document_id        BIGINT       NOT NULL,
	received_at        DATETIME(6)  NOT NULL,
	CONSTRAINT quickbooks_changes_version_uk UNIQUE (company_id, object_type, qb_id, edit_sequence, deleted),
	CONSTRAINT quickbooks_changes_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	INDEX quickbooks_changes_company_id_idx (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
