package io.qbsync.wizard;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.qbsync.qbxml.entity.Direction;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The wizard_items table and its one row mapper; here the scan's writes of open items and the wizard's reads. An open
 * item is found by its key: one per record and direction. Every later state change is a named transition of
 * {@link ItemTransitions}; the sync's reads are {@link ItemQueries}, the report's {@link ItemHistory}.
 * <p>
 * Over 400 lines on purpose: it is the wizard's queries of one table, each text block beside the one row mapper.
 */
@Repository
public class WizardItems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Every column of {@link WizardItem}, for {@link #MAPPER}. */
	public static final String COLUMNS = """
			id, company_id, direction, object_type, record_id, record_type, external_id, qb_id, action, state, summary,
			changes, problems, candidate, needs_review, source_version, created_at, updated_at, identity, rank_order,
			decided_by, decided_at, resolution, blocked_by_record_id, document_id, released_at, lookup,
			lookup_document_id, sent_as, sent_key, attempts, next_attempt_at, result_code, result_message, result_class,
			result_qb_id, first_failed_at, last_failed_at, finished_at, delivery_execution_id
			""";

	/** The one row mapper of wizard_items. */
	public static final RowMapper<WizardItem> MAPPER = WizardItems::map;

	private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
	};

	private static final TypeReference<List<ItemProblem>> PROBLEMS = new TypeReference<>() {
	};

	private static final int LOCK_CHUNK = 1000;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	WizardItems(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/** The key of the open item for a field-service record, or for a QuickBooks object no record is linked to. */
	public static String key(Direction direction, Long recordId, String objectType, String qbId) {
		return direction.name() + ":" + ((recordId != null) ? "r" + recordId : "q" + objectType + ":" + qbId);
	}

	public Optional<WizardItem> findOpen(long companyId, String key) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND open_key = ?")
			.params(companyId, key)
			.query(MAPPER)
			.optional();
	}

	private static final String UPSERT_INTO = """
			INSERT INTO wizard_items (company_id, direction, object_type, record_id, record_type, external_id, qb_id,
				action, state, open_key, summary, changes, problems, candidate, needs_review, source_version,
				created_at, updated_at)
			VALUES
			""";

	private static final String UPSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String UPSERT_REFRESH = """

			ON DUPLICATE KEY UPDATE object_type = VALUES(object_type), qb_id = VALUES(qb_id), action = VALUES(action),
				summary = VALUES(summary), changes = VALUES(changes), problems = VALUES(problems),
				candidate = VALUES(candidate), needs_review = VALUES(needs_review),
				source_version = VALUES(source_version), updated_at = VALUES(updated_at)
			""";

	private static final String WITHDRAW = """
			UPDATE wizard_items SET state = 'WITHDRAWN', open_key = NULL, updated_at = :at
			WHERE company_id = :company AND open_key IN (:keys)
			""";

	/** The most rows one upsert statement carries (a scan's chunk fits in one). */
	private static final int UPSERT_ROWS = 1000;

	/**
	 * About the most characters of text one upsert statement carries: a chunk of large invoices' changes is split,
	 * well below MariaDB's max_allowed_packet (16 MB by default).
	 */
	private static final int UPSERT_CHARS = 2_000_000;

	/** Creates the open item for its key, or refreshes the one there (latest values, never a second item). */
	public void upsertOpen(WizardItem item, Instant now) {
		upsertAll(List.of(Write.upsert(item, now)));
	}

	/** Nothing is left to do for the key: its open item (if any) is withdrawn. */
	void withdrawOpen(long companyId, String key, Instant now) {
		withdrawAll(List.of(Write.withdraw(companyId, key, now)));
	}

	/** One write of a scan: withdraw the open item of {@code withdrawKey}, or create or refresh {@code upsert}. */
	record Write(long companyId, String withdrawKey, WizardItem upsert, Instant at) {

		static Write withdraw(long companyId, String key, Instant at) {
			return new Write(companyId, key, null, at);
		}

		static Write upsert(WizardItem item, Instant at) {
			return new Write(item.companyId(), null, item, at);
		}

	}

	/**
	 * Applies writes in their order, as {@link #withdrawOpen} and {@link #upsertOpen} one after another would, but in
	 * few statements: each run of consecutive withdrawals is one UPDATE, each run of consecutive upserts one
	 * multi-row INSERT (in which a later row of a key refreshes the item an earlier row made).
	 */
	void apply(List<Write> writes) {
		int from = 0;
		while (from < writes.size()) {
			boolean upserts = writes.get(from).upsert() != null;
			int to = from;
			while (to < writes.size() && (writes.get(to).upsert() != null) == upserts) {
				to++;
			}
			if (upserts) {
				upsertAll(writes.subList(from, to));
			}
			else {
				withdrawAll(writes.subList(from, to));
			}
			from = to;
		}
	}

	private void upsertAll(List<Write> upserts) {
		List<UpsertRow> rows = new ArrayList<>();
		int chars = 0;
		for (Write write : upserts) {
			UpsertRow row = UpsertRow.of(write.upsert(), write.at());
			if (!rows.isEmpty() && (rows.size() == UPSERT_ROWS || chars + row.chars() > UPSERT_CHARS)) {
				upsert(rows);
				rows = new ArrayList<>();
				chars = 0;
			}
			rows.add(row);
			chars += row.chars();
		}
		if (!rows.isEmpty()) {
			upsert(rows);
		}
	}

	private void upsert(List<UpsertRow> rows) {
		String sql = UPSERT_INTO + String.join(",\n", Collections.nCopies(rows.size(), UPSERT_ROW)) + UPSERT_REFRESH;
		this.batch.update(sql, (ps) -> {
			int p = 1;
			for (UpsertRow row : rows) {
				p = row.set(ps, p);
			}
		});
	}

	/** One row of an upsert statement, its JSON written. */
	private record UpsertRow(WizardItem item, String summary, String changes, String problems, LocalDateTime at) {

		static UpsertRow of(WizardItem item, Instant at) {
			return new UpsertRow(item, cut(item.summary(), 500), JSON.writeValueAsString(item.changes()),
					JSON.writeValueAsString(item.problems()),
					LocalDateTime.ofInstant(at, ZoneId.systemDefault()));
		}

		/** About how much of the statement the row takes (its long texts). */
		int chars() {
			return 200 + this.summary.length() + this.changes.length() + this.problems.length()
					+ ((this.item.candidate() != null) ? this.item.candidate().length() : 0);
		}

		/** Sets the row's parameters from {@code p} on, by type (so a null is never asked the driver's type of). */
		int set(PreparedStatement ps, int p) throws SQLException {
			WizardItem item = this.item;
			ps.setLong(p++, item.companyId());
			ps.setString(p++, item.direction().name());
			ps.setString(p++, item.objectType());
			if (item.recordId() != null) {
				ps.setLong(p++, item.recordId());
			}
			else {
				ps.setNull(p++, Types.BIGINT);
			}
			ps.setString(p++, item.recordType());
			ps.setString(p++, item.externalId());
			ps.setString(p++, item.qbId());
			ps.setString(p++, item.action().name());
			ps.setString(p++, key(item.direction(), item.recordId(), item.objectType(), item.qbId()));
			ps.setString(p++, this.summary);
			ps.setString(p++, this.changes);
			ps.setString(p++, this.problems);
			ps.setString(p++, item.candidate());
			ps.setBoolean(p++, item.needsReview());
			ps.setString(p++, item.sourceVersion());
			// as the local time the driver would write for a Timestamp, without its calendar for every row
			ps.setObject(p++, this.at);
			ps.setObject(p++, this.at);
			return p;
		}

	}

	/** Withdraws the open items of the writes' keys; one statement per company and time (a scan's run has one). */
	private void withdrawAll(List<Write> withdrawals) {
		int from = 0;
		while (from < withdrawals.size()) {
			Write first = withdrawals.get(from);
			List<String> keys = new ArrayList<>();
			int to = from;
			while (to < withdrawals.size() && withdrawals.get(to).companyId() == first.companyId()
					&& withdrawals.get(to).at().equals(first.at()) && keys.size() < LOCK_CHUNK) {
				keys.add(withdrawals.get(to).withdrawKey());
				to++;
			}
			this.jdbc.sql(WITHDRAW)
				.param("at", Timestamp.from(first.at()))
				.param("company", first.companyId())
				.param("keys", keys)
				.update();
			from = to;
		}
	}

	/** Whether an Add or link of the record is approved or on its way (it may still reach QuickBooks). */
	boolean exportUnderway(long companyId, long recordId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT'
					AND action IN ('ADD', 'LINK') AND state IN ('APPROVED', 'PENDING'))
				""").params(companyId, recordId).query(Boolean.class).single();
	}

	/** The field changes of a record's exports approved or on their way, oldest first. */
	List<FieldChange> changesUnderway(long companyId, long recordId) {
		return this.jdbc.sql("""
				SELECT changes FROM wizard_items WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT'
					AND state IN ('APPROVED', 'PENDING') ORDER BY id
				""").params(companyId, recordId).query((rs, row) -> changes(rs.getString("changes"))).list()
			.stream().flatMap(List::stream).toList();
	}

	static List<FieldChange> changes(String json) {
		return JSON.readValue(json, new TypeReference<List<FieldChange>>() {
		});
	}

	/** Whether a record is proposed (or approved) to be linked to the QuickBooks object: it is not new to the host. */
	boolean linkProposed(long companyId, String objectType, String qbId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items WHERE company_id = ? AND qb_id = ? AND object_type = ?
					AND direction = 'EXPORT' AND action = 'LINK' AND state IN ('OPEN', 'APPROVED', 'PENDING'))
				""").params(companyId, qbId, objectType).query(Boolean.class).single();
	}

	/** The QuickBooks types of the company's open Adds that wait for qbsync's first read of their list. */
	public List<String> waitingForFirstRead(long companyId) {
		return this.jdbc.sql("""
				SELECT DISTINCT object_type FROM wizard_items
				WHERE company_id = ? AND state = 'OPEN' AND direction = 'EXPORT' AND action = 'ADD'
					AND problems LIKE '%"FIRST_READ"%'
				""").param(companyId).query(String.class).list();
	}

	/** Every open item of a company, oldest first: for tests and tools; the pages and the API read by page. */
	public List<WizardItem> open(long companyId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND state = 'OPEN' ORDER BY id")
			.param(companyId)
			.query(MAPPER)
			.list();
	}

	/**
	 * Whether the admin already decided this version of the record (or QuickBooks object): approved, on its way,
	 * synced, failed, or cleared. The scan then leaves it alone, so a cleared item stays cleared and an approved one is
	 * not offered twice, until the record changes again.
	 */
	boolean decided(long companyId, Direction direction, Long recordId, String objectType, String qbId,
			String sourceVersion) {
		if (sourceVersion == null) {
			return false;
		}
		String states = "'APPROVED', 'PENDING', 'SUCCEEDED', 'FAILED', 'CLEARED'";
		if (recordId != null) {
			return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND record_id = ? AND direction = ? "
					+ "AND source_version = ? AND state IN (" + states + ")")
				.params(companyId, recordId, direction.name(), sourceVersion)
				.query(Long.class)
				.single() > 0;
		}
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND qb_id = ? AND object_type = ? "
				+ "AND direction = ? AND record_id IS NULL AND source_version = ? AND state IN (" + states + ")")
			.params(companyId, qbId, objectType, direction.name(), sourceVersion)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The company's open items among {@code ids}, oldest first, locked until the transaction ends: approval reads and
	 * locks only the items it decides. Ids of other companies, or no longer open, are left out.
	 */
	List<WizardItem> lockOpen(long companyId, Collection<Long> ids) {
		List<Long> sorted = ids.stream().distinct().sorted().toList();
		List<WizardItem> locked = new ArrayList<>();
		for (int from = 0; from < sorted.size(); from += LOCK_CHUNK) {
			locked.addAll(this.jdbc.sql("SELECT " + COLUMNS + """
					FROM wizard_items WHERE company_id = :company AND state = 'OPEN' AND id IN (:ids)
					ORDER BY id FOR UPDATE
					""")
				.param("company", companyId)
				.param("ids", sorted.subList(from, Math.min(from + LOCK_CHUNK, sorted.size())))
				.query(MAPPER)
				.list());
		}
		return locked;
	}

	/** The next {@code limit} open items of a company after {@code afterId}, oldest first, locked. */
	List<WizardItem> lockOpenAfter(long companyId, long afterId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM wizard_items WHERE company_id = ? AND state = 'OPEN' AND kept_at IS NULL AND id > ?
				ORDER BY id LIMIT ? FOR UPDATE
				""")
			.params(companyId, afterId, limit)
			.query(MAPPER)
			.list();
	}

	/** Items of a company in a state, newest first (the cleared list). */
	public List<WizardItem> inState(long companyId, WizardItemState state, long beforeId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND state = ? AND id < ? "
				+ "ORDER BY id DESC LIMIT ?")
			.params(companyId, state.name(), beforeId, limit)
			.query(MAPPER)
			.list();
	}

	/** The company's items with these ids, in any state, in one query. */
	public List<WizardItem> findAll(long companyId, java.util.Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = :company AND id IN (:ids)")
			.param("company", companyId)
			.param("ids", List.copyOf(ids))
			.query(MAPPER)
			.list();
	}

	public Optional<WizardItem> find(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND id = ?")
			.params(companyId, id)
			.query(MAPPER)
			.optional();
	}

	/** The state of the record's latest export item, if it ever had one (why a parent is not in QuickBooks). */
	public Optional<WizardItemState> latestExportState(long companyId, long recordId) {
		return this.jdbc.sql("""
				SELECT state FROM wizard_items WHERE company_id = ? AND record_id = ? AND direction = 'EXPORT'
				ORDER BY id DESC LIMIT 1
				""")
			.params(companyId, recordId)
			.query((rs, row) -> WizardItemState.valueOf(rs.getString("state")))
			.optional();
	}

	/** Approved items not yet in QuickBooks (approved or pending). */
	public long countUnfinished(long companyId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state IN ('APPROVED', 'PENDING')")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	/** One page of a section of the wizard: open items of a direction, oldest first. */
	public List<WizardItem> openPage(long companyId, Direction direction, int page, int size) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND kept_at IS NULL AND direction = ? ORDER BY id LIMIT ? OFFSET ?")
			.params(companyId, direction.name(), size, (long) page * size)
			.query(MAPPER)
			.list();
	}

	/**
	 * What the wizard page narrows a section to: {@code search} in the summary (names) or the external id, and
	 * {@code problemsOnly}, the rows with a problem or waiting for a parent record that is not in QuickBooks.
	 */
	public record Filter(String search, boolean problemsOnly) {

		public static final Filter NONE = new Filter(null, false);

		/** Whether the filter narrows anything. */
		public boolean any() {
			return this.problemsOnly || (this.search != null && !this.search.isBlank());
		}

		String where(List<Object> params) {
			StringBuilder where = new StringBuilder();
			if (this.search != null && !this.search.isBlank()) {
				where.append(" AND (summary LIKE ? OR external_id LIKE ?)");
				String like = "%" + this.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
				params.add(like);
				params.add(like);
			}
			if (this.problemsOnly) {
				where.append("""
						 AND (problems <> '[]' OR (record_id IS NOT NULL AND EXISTS (SELECT 1 FROM singleops_references x
							JOIN singleops_records r ON r.id = x.target_record_id
							WHERE x.source_record_id = wizard_items.record_id AND r.qb_id IS NULL)))""");
			}
			return where.toString();
		}

	}

	/** One page of a section of the wizard narrowed by {@code filter}, oldest first. */
	public List<WizardItem> openPage(long companyId, Direction direction, Filter filter, int page, int size) {
		List<Object> params = new ArrayList<>(List.of(companyId, direction.name()));
		String where = filter.where(params);
		params.add(size);
		params.add((long) page * size);
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND kept_at IS NULL AND direction = ?" + where + " ORDER BY id LIMIT ? OFFSET ?")
			.params(params)
			.query(MAPPER)
			.list();
	}

	/** Open items of a section the wizard shows, narrowed by {@code filter}. */
	public long countOpen(long companyId, Direction direction, Filter filter) {
		List<Object> params = new ArrayList<>(List.of(companyId, direction.name()));
		String where = filter.where(params);
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND kept_at IS NULL AND direction = ?" + where)
			.params(params)
			.query(Long.class)
			.single();
	}

	/** Open items of a section the wizard shows (kept ones wait for the next run). */
	public long countOpen(long companyId, Direction direction) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND kept_at IS NULL AND direction = ?")
			.params(companyId, direction.name())
			.query(Long.class)
			.single();
	}

	/** Open items the wizard shows (kept ones wait for the next run): the badge. */
	public long countOpen(long companyId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' AND kept_at IS NULL")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	/**
	 * Whether an Add of this company went out with this ExternalGUID ({@code {9B2A...}} or bare, any case): the object
	 * is one qbsync made, whatever its answer said or did not say.
	 */
	boolean addedByUs(long companyId, String externalGuid) {
		String identity = externalGuid.replace("{", "").replace("}", "").strip().toLowerCase(java.util.Locale.ROOT);
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM wizard_items WHERE company_id = ? AND identity = ?)")
			.params(companyId, identity)
			.query(Boolean.class)
			.single();
	}

	/** Items kept by Keep Unchecked, out of the wizard until the Web Connector's next run has ended. */
	public long countKept(long companyId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND kept_at IS NOT NULL")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	/** Keeps open items out of the wizard until the next run of the Web Connector. */
	void keep(long companyId, Collection<Long> ids, Instant now) {
		List<Long> sorted = ids.stream().sorted().toList();
		for (int from = 0; from < sorted.size(); from += LOCK_CHUNK) {
			this.jdbc.sql("""
					UPDATE wizard_items SET kept_at = :now
					WHERE company_id = :company AND state = 'OPEN' AND id IN (:ids)
					""")
				.param("now", Timestamp.from(now))
				.param("company", companyId)
				.param("ids", sorted.subList(from, Math.min(from + LOCK_CHUNK, sorted.size())))
				.update();
		}
	}

	/** Shows again what was kept before a Web Connector run that has now ended. */
	int showKept(long companyId, Instant keptBefore) {
		return this.jdbc.sql("""
				UPDATE wizard_items SET kept_at = NULL
				WHERE company_id = ? AND state = 'OPEN' AND kept_at IS NOT NULL AND kept_at <= ?
				""")
			.params(companyId, Timestamp.from(keptBefore))
			.update();
	}

	private static String cut(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 3) + "...";
	}

	private static WizardItem map(ResultSet rs, int row) throws SQLException {
		String problems = rs.getString("problems");
		return new WizardItem(rs.getLong("id"), rs.getLong("company_id"), Direction.valueOf(rs.getString("direction")),
				rs.getString("object_type"), rs.getObject("record_id", Long.class), rs.getString("record_type"),
				rs.getString("external_id"), rs.getString("qb_id"), WizardAction.valueOf(rs.getString("action")),
				WizardItemState.valueOf(rs.getString("state")), rs.getString("summary"),
				JSON.readValue(rs.getString("changes"), CHANGES),
				(problems == null || "[]".equals(problems)) ? List.of() : JSON.readValue(problems, PROBLEMS),
				rs.getString("candidate"), rs.getBoolean("needs_review"), rs.getString("source_version"),
				instant(rs, "created_at"), instant(rs, "updated_at"), progress(rs));
	}

	private static WizardItem.Progress progress(ResultSet rs) throws SQLException {
		String identity = rs.getString("identity");
		String lookup = rs.getString("lookup");
		return new WizardItem.Progress((identity != null) ? UUID.fromString(identity) : null, rs.getInt("rank_order"),
				rs.getString("decided_by"), instant(rs, "decided_at"), rs.getString("resolution"),
				rs.getObject("blocked_by_record_id", Long.class), rs.getObject("document_id", Long.class),
				instant(rs, "released_at"), (lookup != null) ? WizardItem.Lookup.valueOf(lookup) : null,
				rs.getObject("lookup_document_id", Long.class), rs.getString("sent_as"), rs.getString("sent_key"),
				rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("result_code"),
				rs.getString("result_message"), rs.getString("result_class"), rs.getString("result_qb_id"),
				instant(rs, "first_failed_at"), instant(rs, "last_failed_at"), instant(rs, "finished_at"),
				rs.getObject("delivery_execution_id", Long.class));
	}

}
