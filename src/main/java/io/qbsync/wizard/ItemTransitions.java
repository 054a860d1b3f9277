package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.system.JsonRows;
import io.qbsync.wizard.ApprovalService.Side;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every state change of a wizard item after the scan made it (its reads are {@link ItemQueries}; the scan's
 * writes of open items are {@link WizardItems}'). Each is a named transition that sets its own columns; a single
 * item's goes through one private move that checks the lifecycle's transition table and the state the row is in, so two
 * nodes (or a retry) can never move one item twice. The set-based ones (release, success, stale blocks) say in SQL
 * which states they move from.
 * <p>
 * Over 400 lines on purpose: it is the one place an item's state changes, so a reader finds every transition here.
 */
@Repository
public class ItemTransitions {

	private final JdbcClient jdbc;

	ItemTransitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The parent is in QuickBooks now: what waited for it can be released. Answers how many. */
	public int unblock(long companyId, long recordId, Instant now) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET blocked_by_record_id = NULL, updated_at = ?
				WHERE company_id = ? AND blocked_by_record_id = ? AND state = 'APPROVED'
				""").params(Timestamp.from(now), companyId, recordId).update();
	}

	/** One item released into an outbox document, with what it went out as. */
	public record Released(long itemId, String sentAs, String sentKey) {
	}

	/**
	 * Approved -> Pending for the items of one outbox document, in one statement (each only if still approved: the
	 * caller has them locked).
	 */
	public void release(long documentId, List<Released> released, Instant now) {
		if (!WizardItemState.APPROVED.canMoveTo(WizardItemState.PENDING)) {
			throw new IllegalStateException("A wizard item cannot move from APPROVED to PENDING");
		}
		if (released.isEmpty()) {
			return;
		}
		JsonRows rows = new JsonRows();
		released.forEach((r) -> rows.add(r.itemId(), r.sentAs(), r.sentKey()));
		Timestamp at = Timestamp.from(now);
		this.jdbc.sql("""
				UPDATE wizard_items w
				JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', sent_as VARCHAR(255) PATH '$[1]',
					sent_key VARCHAR(1000) PATH '$[2]')) r ON r.id = w.id
				SET w.state = 'PENDING', w.updated_at = ?, w.document_id = ?, w.released_at = ?, w.lookup = NULL,
					w.lookup_document_id = NULL, w.result_message = NULL, w.sent_as = r.sent_as, w.sent_key = r.sent_key
				WHERE w.state = 'APPROVED'
				""").params(rows.json(), at, documentId, at).update();
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
	public record Success(WizardItem item, String qbId) {
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
		JsonRows rows = new JsonRows();
		successes.forEach((s) -> rows.add(s.item().id(), s.qbId()));
		this.jdbc.sql("""
				UPDATE wizard_items w
				JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', qb_id VARCHAR(255) PATH '$[1]')) s ON s.id = w.id
				SET w.state = 'SUCCEEDED', w.updated_at = ?, w.lookup = NULL, w.lookup_document_id = NULL,
					w.result_code = '0', w.result_class = NULL, w.result_message = NULL, w.result_qb_id = s.qb_id,
					w.finished_at = ?
				WHERE w.state = 'PENDING'
				""").params(rows.json(), at, at).update();
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
	 * <p>
	 * Each of its six statements touches only an approved item waiting for a record, or one that failed for its
	 * parent or for its record's earlier change: when the company has none, the usual case, one query says so and
	 * none of them runs.
	 */
	public int releaseStaleBlocks(long companyId, Instant now) {
		boolean waiting = this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items
						WHERE company_id = ? AND blocked_by_record_id IS NOT NULL AND state IN ('APPROVED', 'FAILED'))
					OR EXISTS (SELECT 1 FROM wizard_items WHERE company_id = ? AND state = 'FAILED' AND result_code = ?)
				""").params(companyId, companyId, WizardItem.EARLIER_UNKNOWN).query(Boolean.class).single();
		if (!waiting) {
			return 0;
		}
		Timestamp at = Timestamp.from(now);
		// children failed because their parent had failed: the parent is in QuickBooks now, so they go after all
		int resumed = this.jdbc.sql("""
				UPDATE wizard_items w JOIN singleops_records r ON r.id = w.blocked_by_record_id
				SET w.state = 'APPROVED', w.blocked_by_record_id = NULL, w.updated_at = ?, w.finished_at = NULL,
					w.result_code = NULL, w.result_class = NULL, w.result_message = NULL, w.attempts = 0,
					w.next_attempt_at = NULL
				WHERE w.company_id = ? AND w.state = 'FAILED' AND w.result_code = ? AND r.qb_id IS NOT NULL
				""").params(at, companyId, WizardItem.PARENT_FAILED).update();
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
				""").params(at, at, at, at, WizardItem.PARENT_FAILED, companyId, companyId).update();
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
				""").params(at, at, at, at, WizardItem.EARLIER_UNKNOWN, companyId, companyId, companyId).update();
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
				""").params(at, companyId, WizardItem.EARLIER_UNKNOWN, companyId).update();
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
	public boolean requeue(WizardItem failed, Long deliveryExecutionId, Instant now) {
		List<Column> set = new ArrayList<>(List.of(Column.of("document_id", null),
				Column.of("lookup", failed.fateUnknown() ? WizardItem.Lookup.IDENTITY : null),
				Column.of("lookup_document_id", null), Column.of("next_attempt_at", null), Column.of("attempts", 0),
				Column.of("finished_at", null), Column.of("blocked_by_record_id", null)));
		if (deliveryExecutionId != null) {
			set.add(Column.of("delivery_execution_id", deliveryExecutionId));
		}
		return move(failed.id(), WizardItemState.FAILED, WizardItemState.APPROVED, now, set.toArray(Column[]::new));
	}

	// the wizard's decisions

	/** Clear Unchecked: the open item leaves the wizard for good (its key is free for the next change). */
	public boolean clear(long id, String actor, Instant now) {
		return move(id, WizardItemState.OPEN, WizardItemState.CLEARED, now, Column.of("open_key", null),
				Column.of("decided_by", actor), Column.of("decided_at", now));
	}

	/** A cleared item comes back to the wizard under its key, undecided. */
	public boolean unclear(long id, String key, Instant now) {
		return move(id, WizardItemState.CLEARED, WizardItemState.OPEN, now, Column.of("open_key", key),
				Column.of("decided_by", null), Column.of("decided_at", null));
	}

	/**
	 * Approve Checked for an export: APPROVED as {@code action} (a conflict goes out as the update it resolves to), with
	 * a new identity for an Add and the rank release orders it by.
	 */
	public boolean approveExport(long id, String actor, WizardAction action, Side side, String summary, int rank,
			Instant now) {
		return move(id, WizardItemState.OPEN, WizardItemState.APPROVED, now, Column.of("open_key", null),
				Column.of("decided_by", actor), Column.of("decided_at", now), Column.of("action", action),
				Column.of("resolution", side), Column.of("summary", summary),
				Column.of("identity", (action == WizardAction.ADD) ? UUID.randomUUID() : null),
				Column.of("rank_order", rank));
	}

	/** Approve Checked for what comes from QuickBooks (or a conflict QuickBooks' version won): APPROVED, to be applied. */
	public boolean approveImport(long id, String actor, Side side, String summary, Instant now) {
		return move(id, WizardItemState.OPEN, WizardItemState.APPROVED, now, Column.of("open_key", null),
				Column.of("decided_by", actor), Column.of("decided_at", now), Column.of("resolution", side),
				Column.of("summary", summary));
	}

	/** An approved import is applied on the field-service side: SUCCEEDED, with the QuickBooks object it came from. */
	public boolean importApplied(long id, String qbId, Instant now) {
		return move(id, WizardItemState.APPROVED, WizardItemState.SUCCEEDED, now, Column.of("result_qb_id", qbId),
				Column.of("finished_at", now));
	}

	// on the way to QuickBooks

	/** Release holds an approved export behind the record it needs in QuickBooks first. */
	public boolean block(long id, long parentRecordId, String why, Instant now) {
		return move(id, WizardItemState.APPROVED, WizardItemState.APPROVED, now,
				Column.of("blocked_by_record_id", parentRecordId), Column.of("result_message", why));
	}

	/**
	 * Release sends a lookup instead of the item: PENDING until its answer. A {@link WizardItem.Lookup#REFRESH} reads the
	 * object again before the change goes out; an {@link WizardItem.Lookup#IDENTITY} looks for an Add that may have
	 * landed.
	 */
	public boolean releaseAsLookup(long id, WizardItem.Lookup kind, Instant now) {
		if (kind == WizardItem.Lookup.REFRESH) {
			return move(id, WizardItemState.APPROVED, WizardItemState.PENDING, now, Column.of("lookup", kind),
					Column.of("lookup_document_id", null), Column.of("document_id", null), Column.of("released_at", now));
		}
		return move(id, WizardItemState.APPROVED, WizardItemState.PENDING, now, Column.of("lookup", kind),
				Column.of("lookup_document_id", null));
	}

	/**
	 * A pending item waits for a lookup of this kind before anything else (its answer was lost, or QuickBooks' answer
	 * calls for one); {@code code} and {@code message}, when given, say why.
	 */
	public boolean awaitLookup(long id, WizardItem.Lookup kind, String code, String message, Instant now) {
		if (code == null) {
			return move(id, WizardItemState.PENDING, WizardItemState.PENDING, now, Column.of("lookup", kind),
					Column.of("lookup_document_id", null));
		}
		return move(id, WizardItemState.PENDING, WizardItemState.PENDING, now, Column.of("lookup", kind),
				Column.of("lookup_document_id", null), Column.of("result_code", code),
				Column.of("result_message", message));
	}

	/** The lookup's document was lost: the same lookup is asked again. */
	public boolean lookupAgain(long id, Instant now) {
		return move(id, WizardItemState.PENDING, WizardItemState.PENDING, now, Column.of("lookup_document_id", null));
	}

	/** The lookup itself failed with {@code code}: asked again, counting the try. */
	public boolean lookupAgain(long id, int attempts, String code, String message, Instant now) {
		return move(id, WizardItemState.PENDING, WizardItemState.PENDING, now, Column.of("lookup_document_id", null),
				Column.of("attempts", attempts), Column.of("result_code", code), Column.of("result_message", message));
	}

	/** Certainly not applied: released again at once, as it was approved. */
	public boolean releaseAgain(WizardItem item, Instant now) {
		return move(item.id(), item.state(), WizardItemState.APPROVED, now, Column.of("document_id", null),
				Column.of("lookup", null), Column.of("lookup_document_id", null), Column.of("next_attempt_at", null));
	}

	/** QuickBooks refused it for now: released again at {@code at}, the try and QuickBooks' answer recorded. */
	public boolean retryAt(WizardItem item, int attempts, Instant at, String code, HandlingClass handling, String message,
			Instant now) {
		return move(item.id(), item.state(), WizardItemState.APPROVED, now, Column.of("document_id", null),
				Column.of("lookup", null), Column.of("lookup_document_id", null), Column.of("attempts", attempts),
				Column.of("next_attempt_at", at), Column.of("result_code", code), Column.of("result_class", handling),
				Column.of("result_message", message), Column.of("first_failed_at", firstFailedAt(item, now)),
				Column.of("last_failed_at", now));
	}

	/**
	 * QuickBooks answered 3140 (a parent it names is gone): back to APPROVED behind the parent, which is added again
	 * first.
	 */
	public boolean holdForParent(WizardItem item, long parentRecordId, int attempts, String code, String why,
			Instant now) {
		return move(item.id(), WizardItemState.PENDING, WizardItemState.APPROVED, now,
				Column.of("blocked_by_record_id", parentRecordId), Column.of("document_id", null),
				Column.of("attempts", attempts), Column.of("result_code", code), Column.of("result_message", why));
	}

	/** FAILED, for a person: Unsynced Entities shows QuickBooks' code and message and the guide's handling class. */
	public boolean fail(WizardItem item, String code, HandlingClass handling, String message, Instant now) {
		return move(item.id(), item.state(), WizardItemState.FAILED, now, Column.of("lookup", null),
				Column.of("lookup_document_id", null), Column.of("result_code", code),
				Column.of("result_message", message), Column.of("result_class", handling),
				Column.of("attempts", item.progress().attempts() + 1),
				Column.of("first_failed_at", firstFailedAt(item, now)),
				Column.of("last_failed_at", now), Column.of("finished_at", now));
	}

	/**
	 * An export that will not go out (or not again): WITHDRAWN from {@code from}, saying why; no lookup waits for it
	 * any more. Answers whether it moved.
	 */
	public boolean withdraw(long id, WizardItemState from, String why, Instant now) {
		return move(id, from, WizardItemState.WITHDRAWN, now, Column.of("lookup", null),
				Column.of("result_message", why), Column.of("finished_at", now));
	}

	private static Instant firstFailedAt(WizardItem item, Instant now) {
		return (item.progress().firstFailedAt() != null) ? item.progress().firstFailedAt() : now;
	}

	/**
	 * Moves an item from one state to another, with the columns in {@code set}, only if it is still in {@code from}:
	 * the lifecycle's transition table decides what may move. Answers whether it moved.
	 */
	private boolean move(long id, WizardItemState from, WizardItemState to, Instant now, Column... set) {
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
	private record Column(String column, Object value) {

		static Column of(String column, Object value) {
			if (!column.matches("[a-z_]+")) {
				throw new IllegalArgumentException("Not a column: " + column);
			}
			return new Column(column, (value instanceof Instant t) ? Timestamp.from(t)
					: (value instanceof Enum<?> e) ? e.name() : (value instanceof UUID u) ? u.toString() : value);
		}

	}

}
