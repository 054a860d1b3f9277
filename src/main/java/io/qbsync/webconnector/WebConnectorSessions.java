package io.qbsync.webconnector;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.qbsync.company.WebConnectorRunEnded;
import io.qbsync.qbxml.HostInfo;
import io.qbsync.qbxml.QbxmlVersion;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/** The webconnector_sessions table: sessions live here, not in memory, so any node can answer any call. */
@Repository
public class WebConnectorSessions {

	private static final String COLUMNS = """
			id, company_id, state, started_at, last_seen_at, ended_at, company_file_name, qb_product, qb_country,
			qb_company_name, qb_supported_versions, qb_file_id, qbxml_version, in_flight_document_id, documents_sent,
			documents_answered, documents_failed, last_error, connection_hresult, connection_message, hcp_sha256
			""";

	private static final RowMapper<WebConnectorSession> MAPPER = WebConnectorSessions::map;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	WebConnectorSessions(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	long create(String ticketHash, long companyId, SessionState state, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO webconnector_sessions (ticket_hash, company_id, state, started_at, last_seen_at, ended_at)
				VALUES (:hash, :company, :state, :now, :now, :ended)
				""")
			.param("hash", ticketHash)
			.param("company", companyId)
			.param("state", state.name())
			.param("now", Timestamp.from(now))
			.param("ended", (state == SessionState.OPEN) ? null : Timestamp.from(now))
			.update(key, "id");
		long id = key.getKeyAs(Number.class).longValue();
		if (state != SessionState.OPEN) {
			this.events.publishEvent(new WebConnectorRunEnded(companyId, id, now, now));
		}
		return id;
	}

	/** The session with this ticket, locked so that calls with the same ticket run one after another. */
	Optional<WebConnectorSession> lockByTicketHash(String ticketHash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webconnector_sessions WHERE ticket_hash = :hash FOR UPDATE")
			.param("hash", ticketHash)
			.query(MAPPER)
			.optional();
	}

	Optional<WebConnectorSession> findByTicketHash(String ticketHash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webconnector_sessions WHERE ticket_hash = :hash")
			.param("hash", ticketHash)
			.query(MAPPER)
			.optional();
	}

	public Optional<WebConnectorSession> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webconnector_sessions WHERE id = :id")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	public List<WebConnectorSession> recent(long companyId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM webconnector_sessions WHERE company_id = :company ORDER BY id DESC LIMIT :limit
				""")
			.param("company", companyId)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	/** Open sessions of one company, locked: a new session of that company is about to supersede them. */
	List<Long> lockOpen(long companyId) {
		return this.jdbc.sql("SELECT id FROM webconnector_sessions WHERE company_id = :company AND state = 'OPEN' FOR UPDATE")
			.param("company", companyId)
			.query(Long.class)
			.list();
	}

	/** Open sessions with no call since {@code cutoff}, locked for expiry. */
	List<Long> lockStale(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				SELECT id FROM webconnector_sessions WHERE state = 'OPEN' AND last_seen_at < :cutoff
				ORDER BY id LIMIT :limit FOR UPDATE
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	int countLive(Instant cutoff) {
		return this.jdbc.sql("SELECT COUNT(*) FROM webconnector_sessions WHERE state = 'OPEN' AND last_seen_at >= :cutoff")
			.param("cutoff", Timestamp.from(cutoff))
			.query(Integer.class)
			.single();
	}

	/**
	 * What the session's first sendRequestXML said: QuickBooks' description of itself ({@code hcpSha256} is the hash
	 * of the HCP response as sent, null when it brought none), the company file and the agreed qbXML version.
	 */
	void recordHost(long id, HostInfo host, String hcpSha256, String companyFileName, QbxmlVersion version) {
		this.jdbc.sql("""
				UPDATE webconnector_sessions SET qb_product = :product, qb_country = :country,
					qb_company_name = :companyName, qb_supported_versions = :versions, qb_file_id = :fileId,
					hcp_sha256 = :hcp, company_file_name = :fileName, qbxml_version = :version
				WHERE id = :id
				""")
			.param("product", cut(host.productName(), 200))
			.param("country", cut(host.country(), 8))
			.param("companyName", cut(host.companyName(), 200))
			.param("versions", cut(host.supportedVersions().stream().map(QbxmlVersion::toString)
				.collect(Collectors.joining(",")), 500))
			.param("fileId", cut(host.fileId(), 38))
			.param("hcp", hcpSha256)
			.param("fileName", cut(companyFileName, 500))
			.param("version", version.toString())
			.param("id", id)
			.update();
	}

	void recordSent(long id, long documentId, Instant now) {
		this.jdbc.sql("""
				UPDATE webconnector_sessions SET in_flight_document_id = :doc, documents_sent = documents_sent + 1,
					last_seen_at = :now
				WHERE id = :id
				""")
			.param("doc", documentId)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** The delivery job execution of the session, if it has sent release documents. */
	Optional<Long> deliveryExecution(long id) {
		return this.jdbc.sql("SELECT delivery_execution_id FROM webconnector_sessions WHERE id = ?")
			.param(id)
			.query((rs, row) -> rs.getObject(1, Long.class))
			.optional()
			.filter(java.util.Objects::nonNull);
	}

	void recordDeliveryExecution(long id, long executionId) {
		this.jdbc.sql("UPDATE webconnector_sessions SET delivery_execution_id = ? WHERE id = ?")
			.params(executionId, id)
			.update();
	}

	void recordAnswered(long id, Instant now) {
		this.jdbc.sql("""
				UPDATE webconnector_sessions SET in_flight_document_id = NULL,
					documents_answered = documents_answered + 1, last_seen_at = :now
				WHERE id = :id
				""")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** A document of this session failed or became uncertain; {@code error} is what getLastError will say. */
	void recordDocumentFailed(long id, String error, Instant now) {
		this.jdbc.sql("""
				UPDATE webconnector_sessions SET in_flight_document_id = NULL,
					documents_failed = documents_failed + 1, last_error = :error, last_seen_at = :now
				WHERE id = :id
				""")
			.param("error", cut(error, 2000))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void recordError(long id, String error, Instant now) {
		this.jdbc.sql("UPDATE webconnector_sessions SET last_error = :error, last_seen_at = :now WHERE id = :id")
			.param("error", cut(error, 2000))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void recordConnectionError(long id, String hresult, String message) {
		this.jdbc.sql("""
				UPDATE webconnector_sessions SET connection_hresult = :hresult, connection_message = :message
				WHERE id = :id
				""")
			.param("hresult", cut(hresult, 16))
			.param("message", cut(message, 2000))
			.param("id", id)
			.update();
	}

	/** Ends a session; the move must be allowed by {@link SessionState}. */
	void end(long id, SessionState from, SessionState to, Instant now) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("A session cannot move from " + from + " to " + to);
		}
		int ended = this.jdbc.sql("""
				UPDATE webconnector_sessions SET state = :to, ended_at = :now, in_flight_document_id = NULL
				WHERE id = :id AND state = :from
				""")
			.param("to", to.name())
			.param("from", from.name())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
		if (ended == 1) {
			findById(id).ifPresent((session) -> this.events
				.publishEvent(new WebConnectorRunEnded(session.companyId(), id, session.startedAt(), now)));
		}
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	private static WebConnectorSession map(ResultSet rs, int row) throws SQLException {
		return new WebConnectorSession(rs.getLong("id"), rs.getLong("company_id"),
				SessionState.valueOf(rs.getString("state")), instant(rs, "started_at"), instant(rs, "last_seen_at"),
				instant(rs, "ended_at"), rs.getString("company_file_name"), rs.getString("qb_product"),
				rs.getString("qb_country"), rs.getString("qb_company_name"), rs.getString("qb_supported_versions"),
				rs.getString("qb_file_id"), rs.getString("qbxml_version"),
				rs.getObject("in_flight_document_id", Long.class), rs.getInt("documents_sent"),
				rs.getInt("documents_answered"), rs.getInt("documents_failed"), rs.getString("last_error"),
				rs.getString("connection_hresult"), rs.getString("connection_message"), rs.getString("hcp_sha256"));
	}

}
