-- QuickBooks objects the field-service records are linked to, waiting to be looked up by id (the nightly
-- reconciliation asks for every link): one that QuickBooks no longer has is staged as deleted in the change set.
CREATE TABLE quickbooks_link_checks (
	company_id   BIGINT      NOT NULL,
	object_type  VARCHAR(64) CHARACTER SET ascii NOT NULL,
	qb_id        VARCHAR(36) CHARACTER SET ascii NOT NULL,
	requested_at DATETIME(6) NOT NULL,
	attempted_at DATETIME(6) NULL,
	document_id  BIGINT      NULL,
	PRIMARY KEY (company_id, object_type, qb_id),
	CONSTRAINT quickbooks_link_checks_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	INDEX quickbooks_link_checks_document_idx (company_id, document_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
