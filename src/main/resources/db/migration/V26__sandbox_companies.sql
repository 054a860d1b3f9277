-- A sandbox company's QuickBooks is simulated: qbsync's built-in Web Connector serves it, and only that one may log in.
ALTER TABLE companies ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;

-- The simulated company file of each sandbox company (CompanyFileXml), read before a run or a bookkeeper's change
-- and written back after it. run_started_at claims the file for one run or change at a time, on any node.
-- wc_password is the built-in Web Connector's password for the company (the companies table keeps only its hash).
CREATE TABLE sandbox_company_files (
	company_id       BIGINT       NOT NULL PRIMARY KEY,
	wc_password      VARCHAR(255) NOT NULL,
	content          LONGTEXT     NOT NULL,
	run_started_at   DATETIME(6)  NULL,
	last_run_at      DATETIME(6)  NULL,
	last_run_outcome VARCHAR(200) NULL,
	updated_at       DATETIME(6)  NOT NULL,
	CONSTRAINT sandbox_company_files_company_fk FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
