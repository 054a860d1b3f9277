-- Failed sign-ins (login form and HTTP Basic) per admin or viewer username and source address, for the temporary
-- lockout. Per address, not per username alone: a lockout anyone could set off would keep the real admin out.
CREATE TABLE admin_login_failures (
	username         VARCHAR(64) NOT NULL,
	address          VARCHAR(45) NOT NULL,
	failures         INT         NOT NULL,
	first_failure_at DATETIME(6) NOT NULL,
	locked_until     DATETIME(6) NULL,
	PRIMARY KEY (username, address)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
