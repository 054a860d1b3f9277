package io.qbsync.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static io.qbsync.system.Rows.instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The outbox_documents table. Every state change goes through {@link #move}, which checks the transition table
 * and only updates a row that is still in the expected state.
 */
@Repository
public class Outbox {

	private static final String COLUMNS = """
			id, company_id, state, source, qbxml_version, request, response, hresult, message, session_id,
			created_at, sent_at, answered_at, bodies_purged_at
			""";

	private static final RowMapper<OutboxDocument> MAPPER = Outbox::map;

	/**
	 * A document whose bodies may go: final, answered before the cutoff, bodies still there, and no item or
	 * QuickBooks check or cursor still waiting on it (checked again by the update, so one that started waiting since
	 * keeps them).
	 */
	private static final String BODIES_DONE = """
			d.state IN ('ANSWERED', 'FAILED', 'UNCERTAIN') AND d.answered_at < :cutoff AND d.bodies_purged_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM wizard_items i WHERE i.document_id = d.id AND i.state IN ('APPROVED', 'PENDING'))
			AND NOT EXISTS (SELECT 1 FROM wizard_items i WHERE i.lookup_document_id = d.id AND i.state IN ('APPROVED', 'PENDING'))
			AND NOT EXISTS (SELECT 1 FROM quickbooks_link_checks c WHERE c.document_id = d.id)
			AND NOT EXISTS (SELECT 1 FROM quickbooks_import_cursors q WHERE q.document_id = d.id)
			""";

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long add(long companyId, String source, String qbxmlVersion, String request, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO outbox_documents (company_id, state, source, qbxml_version, request, created_at)
				VALUES (:company, 'QUEUED', :source, :version, :request, :now)
				""")
			.param("company", companyId)
			.param("source", source)
			.param("version", qbxmlVersion)
			.param("request", request)
			.param("now", Timestamp.from(now))
			.update(key, "id");
		return key.getKeyAs(Number.class).longValue();
	}

	public Optional<OutboxDocument> find(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM outbox_documents WHERE company_id = :company AND id = :id")
			.param("company", companyId)
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	/** Where a document came from ({@code api}, {@code import:Customer}, ...). */
	public String source(long id) {
		return this.jdbc.sql("SELECT source FROM outbox_documents WHERE id = :id").param("id", id).query(String.class).single();
	}

	/** A page of a company's documents after {@code afterId}, oldest first, optionally in one state; no bodies. */
	public List<OutboxDocumentSummary> list(long companyId, OutboxState state, long afterId, int limit) {
		return this.jdbc.sql("""
				SELECT id, company_id, state, source, qbxml_version, hresult, message, session_id, created_at, sent_at,
					answered_at, bodies_purged_at
				FROM outbox_documents
				WHERE company_id = :company AND id > :after AND (:state IS NULL OR state = :state)
				ORDER BY id LIMIT :limit
				""")
			.param("company", companyId)
			.param("after", afterId)
			.param("state", (state != null) ? state.name() : null)
			.param("limit", limit)
			.query((rs, row) -> new OutboxDocumentSummary(rs.getLong("id"), rs.getLong("company_id"),
					OutboxState.valueOf(rs.getString("state")), rs.getString("source"), rs.getString("qbxml_version"),
					rs.getString("hresult"), rs.getString("message"), rs.getObject("session_id", Long.class),
					instant(rs, "created_at"), instant(rs, "sent_at"), instant(rs, "answered_at"),
					instant(rs, "bodies_purged_at")))
			.list();
	}

	/** The company's oldest queued document, locked until the transaction ends. */
	public Optional<OutboxDocument> lockNextQueued(long companyId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM outbox_documents WHERE company_id = :company AND state = 'QUEUED'
				ORDER BY id LIMIT 1 FOR UPDATE
				""")
			.param("company", companyId)
			.query(MAPPER)
			.optional();
	}

	public int countQueued(long companyId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM outbox_documents WHERE company_id = :company AND state = 'QUEUED'")
			.param("company", companyId)
			.query(Integer.class)
			.single();
	}

	public void markSent(long id, long sessionId, Instant now) {
		move(id, OutboxState.QUEUED, OutboxState.SENT, """
				UPDATE outbox_documents SET state = :to, session_id = :session, sent_at = :now
				WHERE id = :id AND state = :from
				""", (spec) -> spec.param("session", sessionId).param("now", Timestamp.from(now)));
	}

	public void markAnswered(long id, String response, Instant now) {
		move(id, OutboxState.SENT, OutboxState.ANSWERED, """
				UPDATE outbox_documents SET state = :to, response = :response, answered_at = :now
				WHERE id = :id AND state = :from
				""", (spec) -> spec.param("response", response).param("now", Timestamp.from(now)));
	}

	/** Refused as a whole: by QuickBooks (hresult) or before sending (hresult null, reason in message). */
	public void markFailed(long id, OutboxState from, String hresult, String message, Instant now) {
		move(id, from, OutboxState.FAILED, """
				UPDATE outbox_documents SET state = :to, hresult = :hresult, message = :message, answered_at = :now
				WHERE id = :id AND state = :from
				""", (spec) -> spec.param("hresult", hresult).param("message", message).param("now", Timestamp.from(now)));
	}

	public void markUncertain(long id, String hresult, String message, Instant now) {
		move(id, OutboxState.SENT, OutboxState.UNCERTAIN, """
				UPDATE outbox_documents SET state = :to, hresult = :hresult, message = :message, answered_at = :now
				WHERE id = :id AND state = :from
				""", (spec) -> spec.param("hresult", hresult).param("message", message).param("now", Timestamp.from(now)));
	}

	/** Every document a session sent and never got an answer for becomes UNCERTAIN. Returns how many. */
	public int markSessionUncertain(long sessionId, String message, Instant now) {
		return this.jdbc.sql("""
				UPDATE outbox_documents SET state = 'UNCERTAIN', message = :message, answered_at = :now
				WHERE session_id = :session AND state = 'SENT'
				""")
			.param("message", message)
			.param("now", Timestamp.from(now))
			.param("session", sessionId)
			.update();
	}

	private void move(long id, OutboxState from, OutboxState to, String sql,
			UnaryOperator<JdbcClient.StatementSpec> extra) {
		if (!from.canMoveTo(to)) {
			throw new IllegalStateException("An outbox document cannot move from " + from + " to " + to);
		}
		int rows = extra.apply(this.jdbc.sql(sql).param("id", id).param("from", from.name()).param("to", to.name()))
			.update();
		if (rows != 1) {
			throw new IllegalStateException("Outbox document " + id + " is no longer " + from);
		}
	}

	private static OutboxDocument map(ResultSet rs, int row) throws SQLException {
		Long session = rs.getObject("session_id", Long.class);
		return new OutboxDocument(rs.getLong("id"), rs.getLong("company_id"), OutboxState.valueOf(rs.getString("state")),
				rs.getString("source"), rs.getString("qbxml_version"), rs.getString("request"), rs.getString("response"),
				rs.getString("hresult"), rs.getString("message"), session,
				instant(rs, "created_at"), instant(rs, "sent_at"), instant(rs, "answered_at"),
				instant(rs, "bodies_purged_at"));
	}

	/**
	 * Drops the request and response bodies of at most {@code limit} old answered documents nothing waits on, oldest
	 * first; the rows (and their states) stay. Answers how many.
	 */
	public int purgeBodies(Instant cutoff, Instant now, int limit) {
		List<Long> ids = this.jdbc.sql("SELECT d.id FROM outbox_documents d WHERE " + BODIES_DONE
				+ " ORDER BY d.id LIMIT :limit")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("UPDATE outbox_documents d SET d.request = '', d.response = NULL, d.bodies_purged_at = :now "
				+ "WHERE d.id IN (:ids) AND " + BODIES_DONE)
			.param("now", Timestamp.from(now))
			.param("ids", ids)
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	/**
	 * The hresult and QuickBooks' message of the last document of this session QuickBooks could not process, as a
	 * pair.
	 */
	public Optional<String[]> lastHresult(long sessionId) {
		return this.jdbc.sql("""
				SELECT hresult, message FROM outbox_documents
				WHERE session_id = :session AND hresult IS NOT NULL ORDER BY id DESC LIMIT 1
				""")
			.param("session", sessionId)
			.query((rs, row) -> new String[] { rs.getString("hresult"), rs.getString("message") })
			.optional();
	}

}
