package io.qbsync.singleops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.qbsync.system.JsonRows;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/** The singleops_changes table: the SingleOps change set, appended in the transaction of each accepted change. */
@Repository
public class SingleOpsChanges {

	private static final RowMapper<Change> MAPPER = SingleOpsChanges::map;

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	SingleOpsChanges(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/** Appends changes in the order given (batched); {@code id} and {@code createdAt} of the arguments are ignored. */
	void appendAll(List<Change> changes, Instant now) {
		if (changes.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(now);
		SqlParameterSource[] params = changes.stream()
			.map((change) -> new MapSqlParameterSource().addValue("company", change.companyId())
				.addValue("record", change.recordId())
				.addValue("type", change.type().name())
				.addValue("externalId", change.externalId())
				.addValue("kind", change.kind().name())
				.addValue("version", change.version())
				.addValue("data", change.data())
				.addValue("now", at))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				INSERT INTO singleops_changes (company_id, record_id, record_type, external_id, change_kind, version, data,
					created_at)
				VALUES (:company, :record, :type, :externalId, :kind, :version, :data, :now)
				""", params);
	}

	/** The company's changes after id {@code afterId}, in order, at most {@code limit}: what a scan reads next. */
	public List<Change> after(long companyId, long afterId, int limit) {
		return this.jdbc.sql("""
				SELECT id, company_id, record_id, record_type, external_id, change_kind, version, data, created_at
				FROM singleops_changes WHERE company_id = :company AND id > :after ORDER BY id LIMIT :limit
				""").param("company", companyId).param("after", afterId).param("limit", limit).query(MAPPER).list();
	}

	/** How many changes of the company come after {@code afterId} (a scan's progress counts against this). */
	public long countAfter(long companyId, long afterId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM singleops_changes WHERE company_id = ? AND id > ?")
			.params(companyId, afterId)
			.query(Long.class)
			.single();
	}

	private static Change map(ResultSet rs, int row) throws SQLException {
		return new Change(rs.getLong("id"), rs.getLong("company_id"), rs.getLong("record_id"),
				RecordType.valueOf(rs.getString("record_type")), rs.getString("external_id"),
				ChangeKind.valueOf(rs.getString("change_kind")), rs.getInt("version"), rs.getString("data"),
				instant(rs, "created_at"));
	}

	/**
	 * Deletes at most {@code limit} changes the scan has read (at or before {@code readUpTo}, the last id each company's
	 * scan read), older than
	 * the cutoff, with a later change of the same record: the scan plans from a record's latest version, so it reads
	 * the same without them. Rows are never changed once written, so one superseded when picked stays superseded.
	 */
	public int purgeSuperseded(Instant cutoff, int limit, Map<Long, Long> readUpTo) {
		if (readUpTo.isEmpty() || limit <= 0) {
			return 0;
		}
		// the positions come as [company, last id read] rows
		JsonRows positions = new JsonRows();
		readUpTo.forEach(positions::add);
		List<Long> ids = this.jdbc.sql("""
				SELECT c.id FROM singleops_changes c
				JOIN JSON_TABLE(:positions, '$[*]' COLUMNS (company_id BIGINT PATH '$[0]', up_to BIGINT PATH '$[1]')) k
					ON k.company_id = c.company_id
				WHERE c.created_at < :cutoff AND c.id <= k.up_to
					AND EXISTS (SELECT 1 FROM singleops_changes later
						WHERE later.company_id = c.company_id AND later.record_id = c.record_id AND later.id > c.id)
				ORDER BY c.id LIMIT :limit
				""")
			.param("positions", positions.json())
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		return ids.isEmpty() ? 0
				: this.jdbc.sql("DELETE FROM singleops_changes WHERE id IN (:ids)").param("ids", ids).update();
	}

}
