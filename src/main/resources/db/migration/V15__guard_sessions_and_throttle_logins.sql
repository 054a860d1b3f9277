-- The HCP response (QuickBooks' description of itself) a session took with its first sendRequestXML, as a SHA-256:
-- a later call bringing another one is a second Web Connector presenting the session's ticket.
ALTER TABLE webconnector_sessions ADD COLUMN hcp_sha256 CHAR(64) NULL;

-- Failed Web Connector logins per username and source address, and until when that pair is held back. Replaces the
-- per-username lockout, which let anyone who knew a username (it is in the .qwc file) lock the real Web Connector out.
DROP TABLE webconnector_login_failures;

CREATE TABLE webconnector_login_throttles (
	username         VARCHAR(64) NOT NULL,
	address          VARCHAR(45) NOT NULL,
	failures         INT         NOT NULL,
	first_failure_at DATETIME(6) NOT NULL,
	last_failure_at  DATETIME(6) NOT NULL,
	delayed_until    DATETIME(6) NULL,
	PRIMARY KEY (username, address),
	KEY webconnector_login_throttles_last_failure (last_failure_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where each username last logged in with the right password: its Web Connector's usual addresses. A login from one
-- of them has its own lane for the password check, so a storm from elsewhere cannot crowd it out.
CREATE TABLE webconnector_login_addresses (
	username        VARCHAR(64) NOT NULL,
	address         VARCHAR(45) NOT NULL,
	last_success_at DATETIME(6) NOT NULL,
	PRIMARY KEY (username, address)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
