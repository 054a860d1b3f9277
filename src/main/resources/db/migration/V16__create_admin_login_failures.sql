-- Failed sign-ins (login form and HTTP Basic) per admin or viewer username, for the temporary lockout.
CREATE TABLE admin_login_failures (
	username         VARCHAR(64) NOT NULL PRIMARY KEY,
	failures         INT         NOT NULL,
	first_failure_at DATETIME(6) NOT NULL,
	locked_until     DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
