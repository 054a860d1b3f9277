-- Per company, which ways each QuickBooks object type syncs, where the company changed qbsync's default.
CREATE TABLE company_sync_directions (
	company_id   BIGINT      NOT NULL,
	object_type  VARCHAR(64) CHARACTER SET ascii NOT NULL,
	export_on    BOOLEAN     NOT NULL,
	import_on    BOOLEAN     NOT NULL,
	updated_at   DATETIME(6) NOT NULL,
	PRIMARY KEY (company_id, object_type),
	CONSTRAINT company_sync_directions_company_fk FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
