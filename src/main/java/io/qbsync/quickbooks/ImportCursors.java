package io.qbsync.quickbooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/** The quickbooks_import_cursors table. */
@Repository
public class ImportCursors {

	private static final String COLUMNS = """
			company_id, query, state, cursor_local, iteration_max, iterator_id, document_id, started_at, completed_at,
			last_error
			""";

	private static final RowMapper<ImportCursor> MAPPER = ImportCursors::map;

	private final JdbcClient jdbc;

	ImportCursors(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Makes sure the company has a cursor for each query (new ones start IDLE with no cursor). */
	void ensure(long companyId, List<String> queries) {
		for (String query : queries) {
			this.jdbc.sql("INSERT IGNORE INTO quickbooks_import_cursors (company_id, query, state) VALUES (?, ?, 'IDLE')")
				.params(companyId, query)
				.update();
		}
	}

	public List<ImportCursor> all(long companyId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM quickbooks_import_cursors WHERE company_id = ? ORDER BY query")
			.param(companyId)
			.query(MAPPER)
			.list();
	}

	Optional<ImportCursor> lock(long companyId, String query) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM quickbooks_import_cursors WHERE company_id = ? AND query = ? FOR UPDATE")
			.params(companyId, query)
			.query(MAPPER)
			.optional();
	}

	/** A page request left for QuickBooks: the query is now ITERATING. */
	void sent(long companyId, String query, long documentId, Instant now) {
		this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET state = 'ITERATING', document_id = ?,
					started_at = IF(state = 'IDLE', ?, started_at)
				WHERE company_id = ? AND query = ?
				""")
			.params(documentId, Timestamp.from(now), companyId, query)
			.update();
	}

	/** More pages to come: remember QuickBooks' iterator and the newest modification seen so far. */
	void continuing(long companyId, String query, String iteratorId, LocalDateTime iterationMax) {
		this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET iterator_id = ?, iteration_max = ?, last_error = NULL
				WHERE company_id = ? AND query = ?
				""")
			.params(iteratorId, text(iterationMax), companyId, query)
			.update();
	}

	/** The query is complete: the cursor moves to the newest modification seen (if any). */
	void completed(long companyId, String query, LocalDateTime newCursor, Instant now) {
		this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET state = 'IDLE', cursor_local = COALESCE(?, cursor_local),
					iteration_max = NULL, iterator_id = NULL, document_id = NULL, completed_at = ?, last_error = NULL,
					first_read_at = COALESCE(first_read_at, ?)
				WHERE company_id = ? AND query = ?
				""")
			.params(text(newCursor), Timestamp.from(now), Timestamp.from(now), companyId, query)
			.update();
	}

	/** The queries of the company that have never been read through to the end. */
	java.util.Set<String> neverRead(long companyId) {
		return new java.util.HashSet<>(this.jdbc
			.sql("SELECT query FROM quickbooks_import_cursors WHERE company_id = ? AND first_read_at IS NULL")
			.param(companyId)
			.query(String.class)
			.list());
	}

	/** The query failed: back to IDLE without moving the cursor; {@code done} waits for the next interval. */
	void failed(long companyId, String query, String error, Instant now, boolean done) {
		this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET state = 'IDLE', iteration_max = NULL, iterator_id = NULL,
					document_id = NULL, last_error = ?, completed_at = IF(?, ?, completed_at)
				WHERE company_id = ? AND query = ?
				""")
			.params(error, done, Timestamp.from(now), companyId, query)
			.update();
	}

	/** The query waiting for this document's answer goes back to IDLE without moving its cursor. */
	void restartIfWaitingFor(long companyId, long documentId) {
		this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET state = 'IDLE', iteration_max = NULL, iterator_id = NULL,
					document_id = NULL
				WHERE company_id = ? AND document_id = ?
				""")
			.params(companyId, documentId)
			.update();
	}

	/**
	 * A new session: QuickBooks' iterators died with the old one, so iterations under way start again from their
	 * unmoved cursor. Answers how many were reset.
	 */
	int resetIterations(long companyId) {
		return this.jdbc.sql("""
				UPDATE quickbooks_import_cursors SET state = 'IDLE', iteration_max = NULL, iterator_id = NULL,
					document_id = NULL
				WHERE company_id = ? AND state = 'ITERATING'
				""")
			.param(companyId)
			.update();
	}

	private static String text(LocalDateTime time) {
		return (time != null) ? time.toString() : null;
	}

	private static LocalDateTime local(ResultSet rs, String column) throws SQLException {
		String text = rs.getString(column);
		return (text != null) ? LocalDateTime.parse(text) : null;
	}

	private static ImportCursor map(ResultSet rs, int row) throws SQLException {
		return new ImportCursor(rs.getLong("company_id"), rs.getString("query"),
				ImportCursor.State.valueOf(rs.getString("state")), local(rs, "cursor_local"), local(rs, "iteration_max"),
				rs.getString("iterator_id"), rs.getObject("document_id", Long.class), instant(rs, "started_at"),
				instant(rs, "completed_at"), rs.getString("last_error"));
	}

}
