-- A company is one QuickBooks company file, served by one Web Connector.
CREATE TABLE companies (
	id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name                VARCHAR(100) NOT NULL,
	wc_username         VARCHAR(64)  NOT NULL,
	wc_password_hash    VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	company_file        VARCHAR(500) NOT NULL DEFAULT '',
	qbxml_version       VARCHAR(8)   CHARACTER SET ascii NOT NULL,
	owner_id            CHAR(38)     CHARACTER SET ascii NOT NULL,
	file_id             CHAR(38)     CHARACTER SET ascii NOT NULL,
	run_every_minutes   INT          NOT NULL,
	created_at          DATETIME(6)  NOT NULL,
	updated_at          DATETIME(6)  NOT NULL,
	password_changed_at DATETIME(6)  NOT NULL,
	last_check_in_at    DATETIME(6)  NULL,
	CONSTRAINT companies_wc_username_uk UNIQUE (wc_username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- People who administer qbsync through the API (and later the web pages).
CREATE TABLE admin_users (
	id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	username      VARCHAR(64)  NOT NULL,
	password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	role          VARCHAR(32)  CHARACTER SET ascii NOT NULL,
	enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
	created_at    DATETIME(6)  NOT NULL,
	CONSTRAINT admin_users_username_uk UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
