-- Which companies an admin user may see. all_companies users (the first admin) see every company; the others see
-- the companies listed here. role is ADMIN (may approve, resync, clear, restart) or VIEWER (may only look).
ALTER TABLE admin_users ADD COLUMN all_companies BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE admin_user_companies (
	user_id    BIGINT NOT NULL,
	company_id BIGINT NOT NULL,
	PRIMARY KEY (user_id, company_id),
	CONSTRAINT admin_user_companies_user_fk FOREIGN KEY (user_id) REFERENCES admin_users (id),
	CONSTRAINT admin_user_companies_company_fk FOREIGN KEY (company_id) REFERENCES companies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
