package io.qbsync.singleops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.system.JsonRows;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The singleops_records table, with the references between records (singleops_references) and the per-company
 * write lock (singleops_journal_locks).
 */
@Repository
public class SingleOpsRecords {

	/** The most values one IN list carries; longer lists are split. */
	private static final int IN_LIST = 1000;

	private static final String COLUMNS = """
			id, company_id, record_type, external_id, data, content_hash, deleted, version, created_at, updated_at,
			qb_id, qb_edit_sequence, last_synced_at, sync_state
			""";

	private static final String COLUMNS_R = java.util.Arrays.stream(COLUMNS.split(","))
		.map((c) -> "r." + c.strip())
		.collect(java.util.stream.Collectors.joining(", "));

	private static final RowMapper<StoredRecord> MAPPER = SingleOpsRecords::map;

	private static final RowMapper<RecordHead> HEAD = (rs, row) -> new RecordHead(rs.getLong("id"),
			RecordType.valueOf(rs.getString("record_type")), rs.getString("external_id"), rs.getString("content_hash"),
			rs.getBoolean("deleted"), rs.getInt("version"));

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	SingleOpsRecords(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/**
	 * Locks the company's SingleOps writes until the transaction ends. Every transaction that writes records or
	 * change-set rows takes this lock first, so a company's change-set ids commit in order.
	 */
	void lockCompany(long companyId) {
		this.jdbc.sql("""
				INSERT INTO singleops_journal_locks (company_id) VALUES (:company)
				ON DUPLICATE KEY UPDATE company_id = company_id
				""").param("company", companyId).update();
	}

	public Optional<StoredRecord> find(long companyId, RecordType type, String externalId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM singleops_records WHERE company_id = :company AND record_type = :type AND external_id = :externalId
				""")
			.param("company", companyId)
			.param("type", type.name())
			.param("externalId", externalId)
			.query(MAPPER)
			.optional();
	}

	/** The records with these ids (deleted ones too); ids of other companies are ignored. */
	public List<StoredRecord> findAllById(long companyId, java.util.Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM singleops_records WHERE company_id = :company AND id IN (:ids)")
			.param("company", companyId)
			.param("ids", List.copyOf(ids))
			.query(MAPPER)
			.list();
	}

	/** What settling an answer needs of a record: its EditSequence, version, last change and last sync. */
	public record Held(String editSequence, int version, Instant updatedAt, Instant lastSyncedAt) {
	}

	/** {@link Held} of each of these records, by record id; records not found are left out. */
	public Map<Long, Held> held(long companyId, Collection<Long> ids) {
		Map<Long, Held> held = new java.util.HashMap<>();
		if (ids.isEmpty()) {
			return held;
		}
		this.jdbc.sql("""
				SELECT id, qb_edit_sequence, version, updated_at, last_synced_at FROM singleops_records
				WHERE company_id = :company AND id IN (:ids)
				""")
			.param("company", companyId)
			.param("ids", List.copyOf(ids))
			.query((ResultSet rs) -> {
				held.put(rs.getLong("id"), new Held(rs.getString("qb_edit_sequence"), rs.getInt("version"),
						instant(rs, "updated_at"), instant(rs, "last_synced_at")));
			});
		return held;
	}

	/** The (not deleted) record of a kind linked to a QuickBooks object, if any. */
	public Optional<StoredRecord> findByQuickBooksId(long companyId, RecordType type, String qbId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM singleops_records WHERE company_id = ? AND record_type = ? AND qb_id = ? AND NOT deleted
				ORDER BY id LIMIT 1
				""")
			.params(companyId, type.name(), qbId)
			.query(MAPPER)
			.optional();
	}

	/** The record of a kind linked to a QuickBooks object, a live one before a deleted one, if any. */
	public Optional<StoredRecord> findLinked(long companyId, RecordType type, String qbId) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM singleops_records WHERE company_id = ? AND record_type = ? AND qb_id = ?
				ORDER BY deleted, id LIMIT 1
				""")
			.params(companyId, type.name(), qbId)
			.query(MAPPER)
			.optional();
	}

	/** The live records linked to any of these QuickBooks objects (of any kind: the caller matches the kind). */
	public List<StoredRecord> liveLinkedTo(long companyId, java.util.Collection<String> qbIds) {
		if (qbIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM singleops_records WHERE company_id = :company AND qb_id IN (:ids) AND deleted = FALSE
				""")
			.param("company", companyId)
			.param("ids", qbIds)
			.query(MAPPER)
			.list();
	}

	public Optional<StoredRecord> findById(long companyId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM singleops_records WHERE company_id = :company AND id = :id")
			.param("company", companyId)
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	/** A page of a company's records of one type, by id after {@code afterId}. */
	public List<StoredRecord> list(long companyId, RecordType type, long afterId, int limit, boolean includeDeleted) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				FROM singleops_records
				WHERE company_id = :company AND record_type = :type AND id > :after AND (:all OR deleted = FALSE)
				ORDER BY id LIMIT :limit
				""")
			.param("company", companyId)
			.param("type", type.name())
			.param("after", afterId)
			.param("all", includeDeleted)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}

	/** The heads of the company's records of {@code type} with these externalIds (those that exist). */
	List<RecordHead> heads(long companyId, RecordType type, Collection<String> externalIds) {
		List<RecordHead> heads = new ArrayList<>();
		List<String> ids = List.copyOf(externalIds);
		for (int from = 0; from < ids.size(); from += IN_LIST) {
			heads.addAll(this.jdbc.sql("""
					SELECT id, record_type, external_id, content_hash, deleted, version FROM singleops_records
					WHERE company_id = :company AND record_type = :type AND external_id IN (:ids)
					""")
				.param("company", companyId)
				.param("type", type.name())
				.param("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST)))
				.query(HEAD)
				.list());
		}
		return heads;
	}

	/** Inserts new records (batched); their ids are read back with {@link #heads}. */
	void insertAll(long companyId, List<NewRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(now);
		SqlParameterSource[] params = rows.stream()
			.map((row) -> new MapSqlParameterSource().addValue("company", companyId)
				.addValue("type", row.type().name())
				.addValue("externalId", row.externalId())
				.addValue("data", row.data())
				.addValue("hash", row.contentHash())
				.addValue("version", row.version())
				.addValue("now", at))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				INSERT INTO singleops_records (company_id, record_type, external_id, data, content_hash, deleted, version,
					created_at, updated_at)
				VALUES (:company, :type, :externalId, :data, :hash, FALSE, :version, :now, :now)
				""", params);
	}

	/** Stores new content for existing records (batched), undeleting them. */
	void updateAll(List<UpdatedRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(now);
		SqlParameterSource[] params = rows.stream()
			.map((row) -> new MapSqlParameterSource().addValue("id", row.id())
				.addValue("data", row.data())
				.addValue("hash", row.contentHash())
				.addValue("version", row.version())
				.addValue("now", at))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				UPDATE singleops_records
				SET data = :data, content_hash = :hash, deleted = FALSE, version = :version, updated_at = :now
				WHERE id = :id
				""", params);
	}

	void markDeleted(long id, int version, Instant now) {
		this.jdbc.sql("""
				UPDATE singleops_records SET deleted = TRUE, version = :version, updated_at = :now WHERE id = :id
				""").param("version", version).param("now", Timestamp.from(now)).param("id", id).update();
	}

	/** Replaces what the given records name: their old references are dropped, {@code references} inserted. */
	void replaceReferences(Collection<Long> sourceIds, List<Edge> references) {
		List<Long> ids = List.copyOf(sourceIds);
		for (int from = 0; from < ids.size(); from += IN_LIST) {
			this.jdbc.sql("DELETE FROM singleops_references WHERE source_record_id IN (:ids)")
				.param("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST)))
				.update();
		}
		if (references.isEmpty()) {
			return;
		}
		SqlParameterSource[] params = references.stream()
			.map((edge) -> new MapSqlParameterSource().addValue("source", edge.sourceId())
				.addValue("target", edge.targetId()))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				INSERT INTO singleops_references (source_record_id, target_record_id) VALUES (:source, :target)
				""", params);
	}

	/** The records (not deleted) that name record {@code targetId}, oldest first, at most {@code limit}. */
	List<RecordHead> referencing(long targetId, int limit) {
		return this.jdbc.sql("""
				SELECT r.id, r.record_type, r.external_id, r.content_hash, r.deleted, r.version
				FROM singleops_references x JOIN singleops_records r ON r.id = x.source_record_id
				WHERE x.target_record_id = :target AND r.deleted = FALSE
				ORDER BY r.id LIMIT :limit
				""").param("target", targetId).param("limit", limit).query(HEAD).list();
	}

	long countReferencing(long targetId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM singleops_references x JOIN singleops_records r ON r.id = x.source_record_id
				WHERE x.target_record_id = :target AND r.deleted = FALSE
				""").param("target", targetId).query(Long.class).single();
	}

	/**
	 * The records each of these records names (an invoice's customer and items, a payment's customer and invoices), in
	 * one query: for pages that show many records with their parents.
	 */
	public Map<Long, List<StoredRecord>> parentsOf(long companyId, Collection<Long> recordIds) {
		Map<Long, List<StoredRecord>> parents = new java.util.HashMap<>();
		if (recordIds.isEmpty()) {
			return parents;
		}
		this.jdbc.sql("SELECT x.source_record_id AS source_id, " + COLUMNS_R + " FROM singleops_records r JOIN "
				+ "singleops_references x ON x.target_record_id = r.id WHERE x.source_record_id IN (:ids) "
				+ "AND r.company_id = :company ORDER BY r.id")
			.param("ids", List.copyOf(recordIds))
			.param("company", companyId)
			.query((rs, row) -> {
				parents.computeIfAbsent(rs.getLong("source_id"), (k) -> new ArrayList<>()).add(map(rs, row));
				return row;
			})
			.list();
		return parents;
	}

	/** The records a record names (an invoice's customer and items, a payment's customer and invoices). */
	public List<StoredRecord> parents(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + COLUMNS_R + " FROM singleops_records r JOIN singleops_references x "
				+ "ON x.target_record_id = r.id WHERE x.source_record_id = ? AND r.company_id = ? ORDER BY r.id")
			.params(recordId, companyId)
			.query(MAPPER)
			.list();
	}

	/**
	 * Records the record's QuickBooks link (for the sync): the QuickBooks ListID or TxnID, EditSequence, when it was
	 * synced, and the sync state. Not a SingleOps change: the version and change set are untouched.
	 */
	public void setQuickBooksLink(long companyId, long recordId, QuickBooksLink link) {
		this.jdbc.sql("""
				UPDATE singleops_records
				SET qb_id = :qbId, qb_edit_sequence = :editSequence, last_synced_at = :syncedAt, sync_state = :state
				WHERE company_id = :company AND id = :id
				""")
			.param("qbId", link.id())
			.param("editSequence", link.editSequence())
			.param("syncedAt", (link.lastSyncedAt() != null) ? Timestamp.from(link.lastSyncedAt()) : null)
			.param("state", link.syncState().name())
			.param("company", companyId)
			.param("id", recordId)
			.update();
		if (link.id() != null) {
			releaseFromDeleted(companyId, List.of(link.id()), List.of(recordId));
		}
	}

	/**
	 * One record per QuickBooks object: a record deleted in the app whose object a live record is now linked to (a
	 * customer deleted, then made again under the same name and linked to the inactive one) gives up its link.
	 */
	private void releaseFromDeleted(long companyId, List<String> qbIds, List<Long> linkedIds) {
		this.jdbc.sql("""
				UPDATE singleops_records SET qb_id = NULL, qb_edit_sequence = NULL
				WHERE company_id = :company AND deleted = TRUE AND qb_id IN (:qbIds) AND id NOT IN (:ids)
				""")
			.param("company", companyId)
			.param("qbIds", qbIds)
			.param("ids", linkedIds)
			.update();
	}

	/** {@link #setQuickBooksLink} for many records, in one statement. */
	public void setQuickBooksLinks(long companyId, Map<Long, QuickBooksLink> links) {
		if (links.isEmpty()) {
			return;
		}
		JsonRows rows = new JsonRows();
		links.forEach((id, link) -> rows.add(id, link.id(), link.editSequence(), link.lastSyncedAt(),
				link.syncState()));
		this.jdbc.sql("""
				UPDATE singleops_records r
				JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', qb_id VARCHAR(255) PATH '$[1]',
					edit_sequence VARCHAR(255) PATH '$[2]', synced_at DATETIME(6) PATH '$[3]',
					sync_state VARCHAR(255) PATH '$[4]')) l ON l.id = r.id
				SET r.qb_id = l.qb_id, r.qb_edit_sequence = l.edit_sequence, r.last_synced_at = l.synced_at,
					r.sync_state = l.sync_state
				WHERE r.company_id = ?
				""").params(rows.json(), companyId).update();
		List<String> qbIds = links.values().stream().map(QuickBooksLink::id).filter(java.util.Objects::nonNull).toList();
		if (!qbIds.isEmpty()) {
			releaseFromDeleted(companyId, qbIds, List.copyOf(links.keySet()));
		}
	}

	/** Forgets the record's QuickBooks object (Clear ID): the next sync adds it anew. */
	public void clearQuickBooksLink(long companyId, long recordId) {
		setQuickBooksLink(companyId, recordId, QuickBooksLink.NONE);
	}

	private static StoredRecord map(ResultSet rs, int row) throws SQLException {
		return new StoredRecord(rs.getLong("id"), rs.getLong("company_id"),
				RecordType.valueOf(rs.getString("record_type")), rs.getString("external_id"), rs.getString("data"),
				rs.getString("content_hash"), rs.getBoolean("deleted"), rs.getInt("version"), instant(rs, "created_at"),
				instant(rs, "updated_at"), new QuickBooksLink(rs.getString("qb_id"), rs.getString("qb_edit_sequence"),
						instant(rs, "last_synced_at"), SyncState.valueOf(rs.getString("sync_state"))));
	}

	/** A record to insert. */
	record NewRow(RecordType type, String externalId, String data, String contentHash, int version) {
	}

	/** New content for a stored record. */
	record UpdatedRow(long id, String data, String contentHash, int version) {
	}

	/** Record {@code sourceId} names record {@code targetId}. */
	record Edge(long sourceId, long targetId) {
	}

	/** The external id of the live record of a kind linked to a QuickBooks object, the oldest if several are. */
	public Optional<String> externalIdByQuickBooksId(long companyId, RecordType type, String qbId) {
		return this.jdbc.sql("""
				SELECT external_id FROM singleops_records
				WHERE company_id = ? AND record_type = ? AND qb_id = ? AND NOT deleted ORDER BY id LIMIT 1
				""").params(companyId, type.name(), qbId).query(String.class).optional();
	}

}
