package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.singleops.AddsInFlight;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sync's reads of wizard_items: which items to release, answer, look up or retry. Rows come back as the one
 * {@link WizardItem} through the one mapper, {@link WizardItems#MAPPER}.
 */
@Repository
public class ItemQueries implements AddsInFlight {

	private static final String COLUMNS = WizardItems.COLUMNS;

	private static final RowMapper<WizardItem> MAPPER = WizardItems.MAPPER;

	private final JdbcClient jdbc;

	ItemQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<WizardItem> lock(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND id = ? FOR UPDATE")
			.params(companyId, id)
			.query(MAPPER)
			.optional();
	}

	/** The items, locked, that are still in {@code state}; others are left out. */
	public List<WizardItem> lockInState(long companyId, Collection<Long> ids, WizardItemState state) {
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

	/** The ids of the items still in {@code state}, locked: as {@link #lockInState} without reading the rows. */
	public List<Long> lockIdsInState(long companyId, Collection<Long> ids, WizardItemState state) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT id FROM wizard_items WHERE company_id = :company AND id IN (:ids) AND state = :state
				ORDER BY id FOR UPDATE
				""")
			.param("company", companyId)
			.param("ids", ids)
			.param("state", state.name())
			.query(Long.class)
			.list();
	}

	/** Approved export items ready to release (not blocked, not waiting for a retry), in dependency order. */
	public List<WizardItem> releasable(long companyId, int afterRank, long afterId, Instant now, int limit) {
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
	public List<WizardItem> inDocument(long documentId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE document_id = ? AND state = 'PENDING' FOR UPDATE")
			.param(documentId)
			.query(MAPPER)
			.list();
	}

	/** Items waiting for the answer to a lookup document. */
	public List<WizardItem> inLookup(long documentId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE lookup_document_id = ? AND state = 'PENDING' FOR UPDATE")
			.param(documentId)
			.query(MAPPER)
			.list();
	}

	/** Pending items whose document (or lookup) ended without an answer we can read: FAILED or UNCERTAIN. */
	public List<WizardItem> unanswered(long companyId) {
		// found without locks, then locked by id: a locking read over the join would lock (and wait for) rows of
		// other companies the plan passes over, and two companies' sessions deadlocked on them
		// driven from the few failed or uncertain documents, each probed by (document, state): driven from the items,
		// every call would read all the company's pending items, thousands in a large delivery
		List<Long> ids = this.jdbc.sql("""
				SELECT i.id FROM outbox_documents d
				JOIN wizard_items i ON i.document_id = d.id AND i.state = 'PENDING' AND i.lookup IS NULL
				WHERE d.company_id = ? AND d.state IN ('FAILED', 'UNCERTAIN')
				UNION ALL
				SELECT i.id FROM outbox_documents d
				JOIN wizard_items i ON i.lookup_document_id = d.id AND i.state = 'PENDING' AND i.lookup IS NOT NULL
				WHERE d.company_id = ? AND d.state IN ('FAILED', 'UNCERTAIN')
				""").params(companyId, companyId).query(Long.class).list();
		return lockInState(companyId, ids, WizardItemState.PENDING);
	}

	/** Pending items that wait for a lookup not yet sent. */
	public List<WizardItem> awaitingLookup(long companyId, int limit) {
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
	public Optional<WizardItem> unfinishedExport(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM wizard_items
				WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT' AND state IN ('APPROVED', 'PENDING', 'FAILED')
				ORDER BY id DESC LIMIT 1
				""").params(companyId, recordId).query(MAPPER).optional();
	}

	/** Items waiting for {@code recordId} to reach QuickBooks. */
	public List<WizardItem> blockedBy(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND blocked_by_record_id = ? "
				+ "AND state = 'APPROVED' ORDER BY id")
			.params(companyId, recordId)
			.query(MAPPER)
			.list();
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

	/**
	 * Whether an Add of the record may still reach QuickBooks: sent as an Add and not answered, or waiting for a
	 * lookup after a lost answer. Linking the record by hand now could leave two objects. (A failed Add whose arrival
	 * is unknown is not in flight: Clear ID is how a person settles it.)
	 */
	@Override
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

	/** The failed export items of these delivery executions (a restarted delivery's earlier runs). */
	public List<WizardItem> failedInDeliveries(Collection<Long> deliveryExecutionIds) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items "
				+ "WHERE delivery_execution_id IN (:executions) AND state = 'FAILED'")
			.param("executions", deliveryExecutionIds)
			.query(MAPPER)
			.list();
	}

}
