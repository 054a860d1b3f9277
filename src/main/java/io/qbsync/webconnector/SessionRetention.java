package io.qbsync.webconnector;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qbsync.delivery.RunningDeliveries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What retention may delete of the sessions, and the deliveries open sessions still run (so that neither retention
 * nor delivery reads the sessions table).
 */
@Repository
public class SessionRetention implements RunningDeliveries {

	/**
	 * A session that may go: ended, last seen before the cutoff, named by no outbox document, and neither the
	 * company's latest session nor its latest with an agreed qbXML version (release writes in that version).
	 */
	private static final String SESSION_DONE = """
			s.state <> 'OPEN' AND s.last_seen_at < :cutoff
			AND NOT EXISTS (SELECT 1 FROM outbox_documents d WHERE d.session_id = s.id)
			AND s.id < (SELECT MAX(l.id) FROM webconnector_sessions l WHERE l.company_id = s.company_id)
			AND s.id <> COALESCE((SELECT MAX(v.id) FROM webconnector_sessions v
				WHERE v.company_id = s.company_id AND v.qbxml_version IS NOT NULL), 0)
			""";

	private final JdbcClient jdbc;

	SessionRetention(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Deletes at most {@code limit} old ended sessions nothing refers to, oldest first; answers how many. */
	public int purgeEnded(Instant cutoff, int limit) {
		List<Long> ids = this.jdbc.sql("SELECT s.id FROM webconnector_sessions s WHERE " + SESSION_DONE
				+ " ORDER BY s.id LIMIT :limit")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		// the latest-session rule was checked above (MariaDB cannot read the table it deletes from)
		return this.jdbc.sql("""
				DELETE FROM webconnector_sessions WHERE id IN (:ids) AND state <> 'OPEN' AND last_seen_at < :cutoff
					AND NOT EXISTS (SELECT 1 FROM outbox_documents d WHERE d.session_id = webconnector_sessions.id)
				""")
			.param("ids", ids)
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	@Override
	public Set<Long> running(Collection<Long> executionIds) {
		if (executionIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("""
				SELECT delivery_execution_id FROM webconnector_sessions
				WHERE delivery_execution_id IN (:executions) AND state = 'OPEN'
				""").param("executions", executionIds).query(Long.class).list());
	}

}
