-- Where an admin gets notified: an admin user's e-mail address (optional; no address, no e-mail).
ALTER TABLE admin_users ADD COLUMN email VARCHAR(254) NULL;

-- Every notification sent (or being sent), once per company, kind and condition: the same silence, the same rise of
-- Unsynced Entities or the same day's digest is never announced twice, by any node. condition_key names the
-- condition ("silent:<last check-in>", "unsynced:<latest failure>", "digest:<day>"); watermark is the time the
-- condition is measured up to (for Unsynced Entities: the latest failure announced).
CREATE TABLE notifications_sent (
	id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
	company_id    BIGINT        NOT NULL,
	kind          VARCHAR(32)   CHARACTER SET ascii NOT NULL,
	condition_key VARCHAR(64)   CHARACTER SET ascii NOT NULL,
	watermark     DATETIME(6)   NULL,
	subject       VARCHAR(200)  NOT NULL,
	recipients    VARCHAR(2000) NOT NULL DEFAULT '',
	webhook       BOOLEAN       NOT NULL DEFAULT FALSE,
	sent_at       DATETIME(6)   NOT NULL,
	CONSTRAINT notifications_sent_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
	CONSTRAINT notifications_sent_condition_uk UNIQUE (company_id, kind, condition_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
