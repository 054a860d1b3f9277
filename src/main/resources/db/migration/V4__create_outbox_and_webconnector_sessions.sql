-- One Web Connector session: from authenticate to closeConnection (or expiry).
-- The ticket itself is never stored, only its SHA-256, so a copy of the database cannot be used to join a session.
CREATE TABLE webconnector_sessions (
	id                    BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
	ticket_hash           CHAR(64)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	company_id            BIGINT        NOT NULL,
	state                 VARCHAR(32)   CHARACTER SET ascii NOT NULL,
	started_at            DATETIME(6)   NOT NULL,
	last_seen_at          DATETIME(6)   NOT NULL,
	ended_at              DATETIME(6)   NULL,
	company_file_name     VARCHAR(500)  NULL,
	qb_product            VARCHAR(200)  NULL,
	qb_country            VARCHAR(8)    NULL,
	qb_company_name       VARCHAR(200)  NULL,
	qb_supported_versions VARCHAR(500)  NULL,
	qb_file_id            VARCHAR(38)   NULL,
	qbxml_version         VARCHAR(8)    NULL,
	in_flight_document_id BIGINT        NULL,
	documents_sent        INT           NOT NULL DEFAULT 0,
	documents_answered    INT           NOT NULL DEFAULT 0,
	documents_failed      INT           NOT NULL DEFAULT 0,
	last_error            VARCHAR(2000) NULL,
	connection_hresult    VARCHAR(16)   NULL,
	connection_message    VARCHAR(2000) NULL,
	CONSTRAINT webconnector_sessions_ticket_uk UNIQUE (ticket_hash),
	CONSTRAINT webconnector_sessions_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	INDEX webconnector_sessions_company_state_idx (company_id, state),
	INDEX webconnector_sessions_state_seen_idx (state, last_seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed Web Connector logins per username, for the temporary lockout.
CREATE TABLE webconnector_login_failures (
	username         VARCHAR(64) NOT NULL PRIMARY KEY,
	failures         INT         NOT NULL,
	first_failure_at DATETIME(6) NOT NULL,
	locked_until     DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The persistent outbox: qbXML documents waiting for, sent to, or answered by a company's QuickBooks.
CREATE TABLE outbox_documents (
	id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id    BIGINT        NOT NULL,
	state         VARCHAR(32)   CHARACTER SET ascii NOT NULL,
	source        VARCHAR(64)   NOT NULL,
	qbxml_version VARCHAR(8)    CHARACTER SET ascii NOT NULL,
	request       LONGTEXT      NOT NULL,
	response      LONGTEXT      NULL,
	hresult       VARCHAR(16)   NULL,
	message       VARCHAR(2000) NULL,
	session_id    BIGINT        NULL,
	created_at    DATETIME(6)   NOT NULL,
	sent_at       DATETIME(6)   NULL,
	answered_at   DATETIME(6)   NULL,
	CONSTRAINT outbox_documents_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT outbox_documents_session_fk FOREIGN KEY (session_id) REFERENCES webconnector_sessions (id),
	INDEX outbox_documents_company_state_idx (company_id, state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
