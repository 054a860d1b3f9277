package io.qbsync.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The notifications_sent table: what was announced, once per company, kind and condition. A notification is claimed
 * (its row inserted) before it is sent, so two nodes never both send it; one that could not be sent is given back.
 */
@Repository
class Notifications {

	/** What a notification is about. */
	enum Kind {

		CONNECTOR_SILENT, UNSYNCED_GREW, DAILY_DIGEST

	}

	private final JdbcClient jdbc;

	Notifications(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Claims the notification of a condition; empty when it was sent (or is being sent) already. */
	Optional<Long> claim(long companyId, Kind kind, String conditionKey, Instant watermark, String subject,
			Instant now) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("""
					INSERT INTO notifications_sent (company_id, kind, condition_key, watermark, subject, sent_at)
					VALUES (:company, :kind, :key, :watermark, :subject, :now)
					""")
				.param("company", companyId)
				.param("kind", kind.name())
				.param("key", conditionKey)
				.param("watermark", (watermark != null) ? Timestamp.from(watermark) : null)
				.param("subject", (subject.length() > 200) ? subject.substring(0, 200) : subject)
				.param("now", Timestamp.from(now))
				.update(key, "id");
			return Optional.of(key.getKey().longValue());
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	/** Where a claimed notification went. */
	void sent(long id, String recipients, boolean webhook) {
		this.jdbc.sql("UPDATE notifications_sent SET recipients = ?, webhook = ? WHERE id = ?")
			.params((recipients.length() > 2000) ? recipients.substring(0, 2000) : recipients, webhook, id)
			.update();
	}

	/** A notification that reached nobody is given back, so the next run tries again. */
	void giveBack(long id) {
		this.jdbc.sql("DELETE FROM notifications_sent WHERE id = ?").param(id).update();
	}

	/** The latest failure already announced for the company's Unsynced Entities, if any was. */
	Optional<Instant> unsyncedWatermark(long companyId) {
		return this.jdbc.sql("""
				SELECT MAX(watermark) AS watermark FROM notifications_sent
				WHERE company_id = ? AND kind = 'UNSYNCED_GREW'
				""")
			.param(companyId)
			.query((rs, row) -> instant(rs, "watermark"))
			.optional()
			.filter(java.util.Objects::nonNull);
	}

}
