package io.qbsync.wizard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.qbsync.qbxml.entity.Direction;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The sync's view of wizard_items. Every state change goes through {@link #move}, which checks the lifecycle's
 * transition table and the state the row is in, so two nodes (or a retry) can never move one item twice.
 */
@Repository
public class SyncItems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static final String COLUMNS = """
			id, company_id, direction, object_type, record_id, record_type, external_id, qb_id, action, state, summary,
			changes, candidate, source_version, identity, rank_order, decided_by, decided_at, resolution,
			blocked_by_record_id, document_id, released_at, lookup, lookup_document_id, sent_as, sent_key, attempts,
			next_attempt_at, result_code, result_message, result_class, result_qb_id, first_failed_at, last_failed_at, finished_at,
			delivery_execution_id, created_at, updated_at
			""";

	public static final RowMapper<SyncItem> MAPPER = SyncItems::map;

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batch;

	SyncItems(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	public Optional<SyncItem> find(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND id = ?")
			.params(companyId, id)
			.query(MAPPER)
			.optional();
	}

	public Optional<SyncItem> lock(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND id = ? FOR UPDATE")
			.params(companyId, id)
			.query(MAPPER)
			.optional();
	}

	/** The items, locked, that are still in {@code state}; others are left out. */
	public List<SyncItem> lockInState(long companyId, Collection<Long> ids, WizardItemState state) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = :company AND id IN (:ids) "
				+ "AND state = :state ORDER BY id FOR UPDATE")
			.param("company", companyId)
			.param("ids", ids)
			.param("state", state.name())
			.query(MAPPER)
			.list();
	}

	/** Approved export items ready to release (not blocked, not waiting for a retry), in dependency order. */
	public List<SyncItem> releasable(long companyId, int afterRank, long afterId, Instant now, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM wizard_items
				WHERE company_id = ? AND state = 'APPROVED' AND direction = 'EXPORT' AND blocked_by_record_id IS NULL
					AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
					AND (rank_order > ? OR (rank_order = ? AND id > ?))
				ORDER BY rank_order, id LIMIT ?
				""")
			.params(companyId, Timestamp.from(now), afterRank, afterRank, afterId, limit)
			.query(MAPPER)
			.list();
	}

	/** How many items a release would take now (its progress counts against this). */
	public long countReleasable(long companyId, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM wizard_items
				WHERE company_id = ? AND state = 'APPROVED' AND direction = 'EXPORT' AND blocked_by_record_id IS NULL
					AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
				""").params(companyId, Timestamp.from(now)).query(Long.class).single();
	}

	public boolean hasReleasable(long companyId, Instant now) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items
				WHERE company_id = ? AND state = 'APPROVED' AND direction = 'EXPORT' AND blocked_by_record_id IS NULL
					AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
				""").params(companyId, Timestamp.from(now)).query(Boolean.class).single();
	}

	/** Export items in a document, by the requestID each went out with. */
	public List<SyncItem> inDocument(long documentId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE document_id = ? AND state = 'PENDING' FOR UPDATE")
			.param(documentId)
			.query(MAPPER)
			.list();
	}

	/** Items waiting for the answer to a lookup document. */
	public List<SyncItem> inLookup(long documentId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE lookup_document_id = ? AND state = 'PENDING' FOR UPDATE")
			.param(documentId)
			.query(MAPPER)
			.list();
	}

	/** Pending items whose document (or lookup) ended without an answer we can read: FAILED or UNCERTAIN. */
	public List<SyncItem> unanswered(long companyId) {
		// found without locks, then locked by id: a locking read over the join would lock (and wait for) rows of
		// other companies the plan passes over, and two companies' sessions deadlocked on them
		List<Long> ids = this.jdbc.sql("""
				SELECT i.id FROM wizard_items i
				JOIN outbox_documents d ON d.id = CASE WHEN i.lookup IS NULL THEN i.document_id ELSE i.lookup_document_id END
				WHERE i.company_id = ? AND i.state = 'PENDING' AND d.state IN ('FAILED', 'UNCERTAIN')
				""").param(companyId).query(Long.class).list();
		return lockInState(companyId, ids, WizardItemState.PENDING);
	}

	/** Pending items that wait for a lookup not yet sent. */
	public List<SyncItem> awaitingLookup(long companyId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM wizard_items
				WHERE company_id = ? AND state = 'PENDING' AND lookup IS NOT NULL AND lookup_document_id IS NULL
				ORDER BY id LIMIT ? FOR UPDATE
				""").params(companyId, limit).query(MAPPER).list();
	}

	public boolean hasAwaitingLookup(long companyId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items
				WHERE company_id = ? AND state = 'PENDING' AND lookup IS NOT NULL AND lookup_document_id IS NULL)
				""").param(companyId).query(Boolean.class).single();
	}

	/** Unfinished export items of a record: approved, pending or failed. */
	public Optional<SyncItem> unfinishedExport(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM wizard_items
				WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT' AND state IN ('APPROVED', 'PENDING', 'FAILED')
				ORDER BY id DESC LIMIT 1
				""").params(companyId, recordId).query(MAPPER).optional();
	}

	/** Items waiting for {@code recordId} to reach QuickBooks. */
	public List<SyncItem> blockedBy(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND blocked_by_record_id = ? "
				+ "AND state = 'APPROVED' ORDER BY id")
			.params(companyId, recordId)
			.query(MAPPER)
			.list();
	}

	/** The parent is in QuickBooks now: what waited for it can be released. Answers how many. */
	public int unblock(long companyId, long recordId, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET blocked_by_record_id = NULL, updated_at = ?
				WHERE company_id = ? AND blocked_by_record_id = ? AND state = 'APPROVED'
				""").params(Timestamp.from(now), companyId, recordId).update();
	}

	/**
	 * Each record's first export item that is approved, on its way or of unknown fate, by record id. An item has an
	 * earlier change of its record in flight when that first id is below its own: two Adds of one record must never
	 * both go out.
	 */
	public Map<Long, Long> firstInFlight(long companyId, Collection<Long> recordIds) {
		Map<Long, Long> first = new HashMap<>();
		if (recordIds.isEmpty()) {
			return first;
		}
		this.jdbc.sql("""
				SELECT record_id, MIN(id) AS first_id FROM wizard_items
				WHERE company_id = :company AND record_id IN (:records) AND direction = 'EXPORT'
					AND (state IN ('APPROVED', 'PENDING') OR (state = 'FAILED' AND result_code IN ('LOST', 'LOOKUP')))
				GROUP BY record_id
				""")
			.param("company", companyId)
			.param("records", recordIds)
			.query((rs, row) -> Map.entry(rs.getLong("record_id"), rs.getLong("first_id")))
			.list()
			.forEach((e) -> first.put(e.getKey(), e.getValue()));
		return first;
	}

	/** One item released into an outbox document, with what it went out as. */
	public record Released(long itemId, String sentAs, String sentKey) {
	}

	/**
	 * Approved -> Pending for the items of one outbox document, in one batched statement (each only if still
	 * approved: the caller has them locked).
	 */
	public void release(long documentId, List<Released> released, Instant now) {
		if (!WizardItemState.APPROVED.canMoveTo(WizardItemState.PENDING)) {
			throw new IllegalStateException("A wizard item cannot move from APPROVED to PENDING");
		}
		Timestamp at = Timestamp.from(now);
		List<Object[]> rows = new ArrayList<>();
		for (Released r : released) {
			rows.add(new Object[] { at, documentId, at, r.sentAs(), r.sentKey(), r.itemId() });
		}
		this.batch.batchUpdate("""
				UPDATE wizard_items SET state = 'PENDING', updated_at = ?, document_id = ?, released_at = ?,
					lookup = NULL, lookup_document_id = NULL, result_message = NULL, sent_as = ?, sent_key = ?
				WHERE id = ? AND state = 'APPROVED'
				""", rows);
	}

	/**
	 * A release document left in a session: its pending items count in that session's delivery execution. One
	 * statement; answers how many items the document holds.
	 */
	public int sent(long documentId, Long deliveryExecutionId, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET delivery_execution_id = ?, updated_at = ?
				WHERE document_id = ? AND state = 'PENDING'
				""").params(deliveryExecutionId, Timestamp.from(now), documentId).update();
	}

	/** A lookup document left: its pending items wait for its answer. One statement. */
	public void lookupSent(Collection<Long> itemIds, long documentId, Instant now) {
		if (itemIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE wizard_items SET lookup_document_id = :document, updated_at = :at
				WHERE id IN (:ids) AND state = 'PENDING'
				""").param("document", documentId).param("at", Timestamp.from(now)).param("ids", itemIds).update();
	}

	/**
	 * The record's own earlier export ended without reaching QuickBooks (failed, withdrawn): its later exports, which
	 * waited for it, may go now.
	 */
	public int unblockLaterExports(long companyId, long recordId, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET blocked_by_record_id = NULL, updated_at = ?
				WHERE company_id = ? AND record_id = ? AND blocked_by_record_id = ? AND state = 'APPROVED'
				""").params(Timestamp.from(now), companyId, recordId, recordId).update();
	}

	/** One item QuickBooks applied, with the object it made or changed. */
	public record Success(SyncItem item, String qbId) {
	}

	/**
	 * Many items QuickBooks applied, in a few statements: each PENDING -> SUCCEEDED (only if still PENDING), what waited
	 * for their records released, and their records' earlier failures settled (see {@link #supersedeFailed}).
	 */
	public void succeedAll(long companyId, List<Success> successes, Instant now) {
		if (successes.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(now);
		List<Object[]> rows = new ArrayList<>();
		for (Success s : successes) {
			rows.add(new Object[] { at, s.qbId(), at, s.item().id() });
		}
		this.batch.batchUpdate("""
				UPDATE wizard_items SET state = 'SUCCEEDED', updated_at = ?, lookup = NULL, lookup_document_id = NULL,
					result_code = '0', result_class = NULL, result_message = NULL, result_qb_id = ?, finished_at = ?
				WHERE id = ? AND state = 'PENDING'
				""", rows);
		List<Long> records = successes.stream().map((s) -> s.item().recordId()).filter((r) -> r != null).toList();
		if (records.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE wizard_items SET blocked_by_record_id = NULL, updated_at = :at
				WHERE company_id = :company AND blocked_by_record_id IN (:records) AND state = 'APPROVED'
				""").param("at", at).param("company", companyId).param("records", records).update();
		this.jdbc.sql("""
				UPDATE wizard_items f JOIN wizard_items s ON s.record_id = f.record_id AND s.id IN (:items)
				SET f.state = 'WITHDRAWN', f.updated_at = :at, f.finished_at = :at,
					f.result_message = CONCAT('Settled: a later change of the record reached QuickBooks. ', COALESCE(f.result_message, ''))
				WHERE f.company_id = :company AND f.direction = 'EXPORT' AND f.state = 'FAILED' AND f.id < s.id
				""").param("items", successes.stream().map((s) -> s.item().id()).toList())
			.param("at", at)
			.param("company", companyId)
			.update();
	}

	/**
	 * Clears blocks that no longer hold: a parent that is in QuickBooks now (it succeeded, or was relinked), and a
	 * record's later export whose earlier one is neither on its way nor of unknown fate. Run before each release and
	 * at each session, so no item waits for something that already happened. Answers how many were freed.
	 */
	public int releaseStaleBlocks(long companyId, Instant now) {
		Timestamp at = Timestamp.from(now);
		// children failed because their parent had failed: the parent is in QuickBooks now, so they go after all
		int resumed = this.jdbc.sql("""
				UPDATE wizard_items w JOIN singleops_records r ON r.id = w.blocked_by_record_id
				SET w.state = 'APPROVED', w.blocked_by_record_id = NULL, w.updated_at = ?, w.finished_at = NULL,
					w.result_code = NULL, w.result_class = NULL, w.result_message = NULL, w.attempts = 0,
					w.next_attempt_at = NULL
				WHERE w.company_id = ? AND w.state = 'FAILED' AND w.result_code = ? AND r.qb_id IS NOT NULL
				""").params(at, companyId, SyncItem.PARENT_FAILED).update();
		// children waiting for a parent that is not in QuickBooks and not on its way there (its export failed, was
		// cleared, or waits in the wizard): they would wait for good, so they fail too, naming the parent, and follow
		// it once it reaches QuickBooks (above)
		int orphaned = this.jdbc.sql("""
				UPDATE wizard_items w JOIN singleops_records r ON r.id = w.blocked_by_record_id
				SET w.state = 'FAILED', w.updated_at = ?, w.finished_at = ?, w.first_failed_at = COALESCE(w.first_failed_at, ?),
					w.last_failed_at = ?, w.result_code = ?, w.result_class = 'DEPENDENCY',
					w.result_message = CONCAT('Not sent: it needs the ', LOWER(TRIM(TRAILING 'S' FROM r.record_type)), ' "',
						COALESCE(JSON_VALUE(r.data, '$.name'), r.external_id), '" (', r.external_id, '), which is not in ',
						'QuickBooks and not on its way there: its own change failed (see Unsynced Entities), was cleared, ',
						'or waits in the Sync Wizard. Once it reaches QuickBooks, this goes on its own.')
				WHERE w.company_id = ? AND w.state = 'APPROVED' AND w.record_id <> r.id AND r.qb_id IS NULL
					AND NOT EXISTS (SELECT 1 FROM (SELECT record_id FROM wizard_items
						WHERE company_id = ? AND direction = 'EXPORT' AND state IN ('APPROVED', 'PENDING')) u
						WHERE u.record_id = r.id)
				""").params(at, at, at, at, SyncItem.PARENT_FAILED, companyId, companyId).update();
		// a record's later change held behind an earlier Add whose arrival is unknown (a person settles that one):
		// it fails too, saying so, instead of waiting unseen; it goes on once the earlier one is settled (below)
		int behindUnknown = this.jdbc.sql("""
				UPDATE wizard_items w
				SET w.state = 'FAILED', w.updated_at = ?, w.finished_at = ?, w.first_failed_at = COALESCE(w.first_failed_at, ?),
					w.last_failed_at = ?, w.result_code = ?, w.result_class = 'DEPENDENCY',
					w.result_message = CONCAT('Not sent: an earlier change of this record may or may not have reached ',
						'QuickBooks (see it in Unsynced Entities: Resync looks it up, Clear ID settles it). Once that is ',
						'settled, this goes on its own.')
				WHERE w.company_id = ? AND w.state = 'APPROVED' AND w.blocked_by_record_id = w.record_id
					AND EXISTS (SELECT 1 FROM (SELECT id, record_id FROM wizard_items
						WHERE company_id = ? AND direction = 'EXPORT' AND state = 'FAILED' AND result_code IN ('LOST', 'LOOKUP')) f
						WHERE f.record_id = w.record_id AND f.id < w.id)
					AND NOT EXISTS (SELECT 1 FROM (SELECT id, record_id FROM wizard_items
						WHERE company_id = ? AND direction = 'EXPORT' AND state IN ('APPROVED', 'PENDING')) u
						WHERE u.record_id = w.record_id AND u.id < w.id)
				""").params(at, at, at, at, SyncItem.EARLIER_UNKNOWN, companyId, companyId, companyId).update();
		int settled = this.jdbc.sql("""
				UPDATE wizard_items w
				SET w.state = 'APPROVED', w.blocked_by_record_id = NULL, w.updated_at = ?, w.finished_at = NULL,
					w.result_code = NULL, w.result_class = NULL, w.result_message = NULL, w.attempts = 0,
					w.next_attempt_at = NULL
				WHERE w.company_id = ? AND w.state = 'FAILED' AND w.result_code = ?
					AND NOT EXISTS (SELECT 1 FROM (SELECT id, record_id FROM wizard_items
						WHERE company_id = ? AND direction = 'EXPORT' AND (state IN ('APPROVED', 'PENDING')
							OR (state = 'FAILED' AND result_code IN ('LOST', 'LOOKUP')))) e
						WHERE e.record_id = w.record_id AND e.id < w.id)
				""").params(at, companyId, SyncItem.EARLIER_UNKNOWN, companyId).update();
		int parents = this.jdbc.sql("""
				UPDATE wizard_items w JOIN singleops_records r ON r.id = w.blocked_by_record_id
				SET w.blocked_by_record_id = NULL, w.updated_at = ?
				WHERE w.company_id = ? AND w.state = 'APPROVED' AND w.record_id <> r.id AND r.qb_id IS NOT NULL
				""").params(at, companyId).update();
		int later = this.jdbc.sql("""
				UPDATE wizard_items w SET w.blocked_by_record_id = NULL, w.updated_at = ?
				WHERE w.company_id = ? AND w.state = 'APPROVED' AND w.blocked_by_record_id = w.record_id
					AND NOT EXISTS (SELECT 1 FROM (
						SELECT id, record_id FROM wizard_items
						WHERE company_id = ? AND direction = 'EXPORT' AND (state IN ('APPROVED', 'PENDING')
							OR (state = 'FAILED' AND result_code IN ('LOST', 'LOOKUP')))) e
						WHERE e.record_id = w.record_id AND e.id < w.id)
				""").params(at, companyId, companyId).update();
		return resumed + orphaned + behindUnknown + settled + parents + later;
	}

	/** The record is linked by a person now: its failed exports are settled (FAILED -> WITHDRAWN, with why). */
	public int settleFailed(long companyId, long recordId, String why, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET state = 'WITHDRAWN', updated_at = ?, finished_at = ?, result_message = ?
				WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT' AND state = 'FAILED'
				""").params(Timestamp.from(now), Timestamp.from(now), why, companyId, recordId).update();
	}

	/**
	 * The record's exports that wait (approved) or failed are withdrawn: what they meant for QuickBooks no longer
	 * applies (the object they would change is gone). Exports on their way are left to their answer.
	 */
	public int withdrawWaitingExports(long companyId, long recordId, String why, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET state = 'WITHDRAWN', updated_at = ?, finished_at = ?, result_message = ?
				WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT' AND state IN ('APPROVED', 'FAILED')
					AND NOT (state = 'FAILED' AND result_code IN ('LOST', 'LOOKUP'))
				""").params(Timestamp.from(now), Timestamp.from(now), why, companyId, recordId).update();
	}

	/**
	 * Whether an Add of the record may be on its way or in QuickBooks unknown to us (pending, waiting for a lookup,
	 * or failed with its arrival unknown): linking the record by hand now could leave two objects.
	 */
	public boolean addInFlight(long companyId, long recordId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT'
					AND ((state = 'PENDING' AND (sent_as = 'ADD' OR lookup = 'IDENTITY'))
						OR (state = 'APPROVED' AND lookup = 'IDENTITY')))
				""").params(companyId, recordId).query(Boolean.class).single();
	}

	/** Export items of a delivery that failed. */
	public int failedInDelivery(long deliveryExecutionId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE delivery_execution_id = ? AND state = 'FAILED'")
			.param(deliveryExecutionId)
			.query(Integer.class)
			.single();
	}

	/**
	 * An export the sync approves by itself (a parent QuickBooks lost, needed by a child): straight to APPROVED, with
	 * a new identity for an Add. Answers its id.
	 */
	public long insertApproved(long companyId, String objectType, io.qbsync.singleops.StoredRecord record,
			WizardAction action, String summary, int rank, Instant now) {
		org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO wizard_items (company_id, direction, object_type, record_id, record_type, external_id, action,
					state, summary, changes, problems, needs_review, source_version, identity, rank_order, decided_by,
					decided_at, created_at, updated_at)
				VALUES (?, 'EXPORT', ?, ?, ?, ?, ?, 'APPROVED', ?, '[]', '[]', FALSE, ?, ?, ?, 'qbsync', ?, ?, ?)
				""")
			.params(companyId, objectType, record.id(), record.type().path(), record.externalId(), action.name(),
					summary, Integer.toString(record.version()),
					(action == WizardAction.ADD) ? UUID.randomUUID().toString() : null, rank, Timestamp.from(now),
					Timestamp.from(now), Timestamp.from(now))
			.update(key, "id");
		return key.getKey().longValue();
	}

	/**
	 * A failed export goes out again (Resync, or its delivery restarted): APPROVED with its tries reset. An Add whose
	 * arrival is unknown is looked up first, never re-sent blind. {@code deliveryExecutionId}: the restarted delivery
	 * it now counts in, or null. Answers whether it moved.
	 */
	public boolean requeue(SyncItem failed, Long deliveryExecutionId, Instant now) {
		List<Column> set = new ArrayList<>(List.of(Column.of("document_id", null),
				Column.of("lookup", failed.fateUnknown() ? SyncItem.Lookup.IDENTITY : null),
				Column.of("lookup_document_id", null), Column.of("next_attempt_at", null), Column.of("attempts", 0),
				Column.of("finished_at", null), Column.of("blocked_by_record_id", null)));
		if (deliveryExecutionId != null) {
			set.add(Column.of("delivery_execution_id", deliveryExecutionId));
		}
		return move(failed.id(), WizardItemState.FAILED, WizardItemState.APPROVED, now, set.toArray(Column[]::new));
	}

	/** An export that will not go out (or not again): WITHDRAWN from {@code from}, saying why. Answers whether it moved. */
	public boolean withdraw(long id, WizardItemState from, String why, Instant now) {
		return move(id, from, WizardItemState.WITHDRAWN, now, Column.of("result_message", why),
				Column.of("finished_at", now));
	}

	/** The failed export items of these delivery executions (a restarted delivery's earlier runs). */
	public List<SyncItem> failedInDeliveries(Collection<Long> deliveryExecutionIds) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items "
				+ "WHERE delivery_execution_id IN (:executions) AND state = 'FAILED'")
			.param("executions", deliveryExecutionIds)
			.query(MAPPER)
			.list();
	}

	/**
	 * Moves an item from one state to another, with the columns in {@code set} ("column = ?" pieces and their values),
	 * only if it is still in {@code from}. Answers whether it moved.
	 */
	public boolean move(long id, WizardItemState from, WizardItemState to, Instant now, Column... set) {
		if (from != to && !from.canMoveTo(to)) {
			throw new IllegalStateException("A wizard item cannot move from " + from + " to " + to);
		}
		StringBuilder sql = new StringBuilder("UPDATE wizard_items SET state = ?, updated_at = ?");
		List<Object> params = new ArrayList<>(List.of(to.name(), Timestamp.from(now)));
		for (Column s : set) {
			sql.append(", ").append(s.column()).append(" = ?");
			params.add(s.value());
		}
		sql.append(" WHERE id = ? AND state = ?");
		params.add(id);
		params.add(from.name());
		return this.jdbc.sql(sql.toString()).params(params).update() == 1;
	}

	/** One column to set with a move. */
	public record Column(String column, Object value) {

		public static Column of(String column, Object value) {
			if (!column.matches("[a-z_]+")) {
				throw new IllegalArgumentException("Not a column: " + column);
			}
			return new Column(column, (value instanceof Instant t) ? Timestamp.from(t)
					: (value instanceof Enum<?> e) ? e.name() : (value instanceof UUID u) ? u.toString() : value);
		}

	}

	private static SyncItem map(ResultSet rs, int row) throws SQLException {
		String identity = rs.getString("identity");
		String lookup = rs.getString("lookup");
		return new SyncItem(rs.getLong("id"), rs.getLong("company_id"), Direction.valueOf(rs.getString("direction")),
				rs.getString("object_type"), rs.getObject("record_id", Long.class), rs.getString("record_type"),
				rs.getString("external_id"), rs.getString("qb_id"), WizardAction.valueOf(rs.getString("action")),
				WizardItemState.valueOf(rs.getString("state")), rs.getString("summary"),
				JSON.readValue(rs.getString("changes"), new TypeReference<List<FieldChange>>() {
				}), rs.getString("candidate"), rs.getString("source_version"),
				(identity != null) ? UUID.fromString(identity) : null, rs.getInt("rank_order"),
				rs.getString("decided_by"), instant(rs, "decided_at"), rs.getString("resolution"),
				rs.getObject("blocked_by_record_id", Long.class), rs.getObject("document_id", Long.class),
				instant(rs, "released_at"), (lookup != null) ? SyncItem.Lookup.valueOf(lookup) : null,
				rs.getObject("lookup_document_id", Long.class), rs.getString("sent_as"), rs.getString("sent_key"),
				rs.getInt("attempts"), instant(rs, "next_attempt_at"),
				rs.getString("result_code"), rs.getString("result_message"), rs.getString("result_class"),
				rs.getString("result_qb_id"), instant(rs, "first_failed_at"), instant(rs, "last_failed_at"),
				instant(rs, "finished_at"), rs.getObject("delivery_execution_id", Long.class),
				instant(rs, "created_at"), instant(rs, "updated_at"));
	}

}
