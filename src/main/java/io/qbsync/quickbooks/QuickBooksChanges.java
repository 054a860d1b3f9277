package io.qbsync.quickbooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.qbsync.system.JsonRows;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/** The quickbooks_changes table: the QuickBooks change set, read later by the scan job past its cursor. */
@Repository
public class QuickBooksChanges {

	private static final RowMapper<QuickBooksChange> MAPPER = (rs, row) -> new QuickBooksChange(rs.getLong("id"),
			rs.getLong("company_id"), rs.getString("object_type"), rs.getString("qb_id"), rs.getString("edit_sequence"),
			rs.getBoolean("deleted"), rs.getString("display_name"), rs.getString("time_modified"), rs.getString("data"),
			rs.getLong("document_id"), instant(rs, "received_at"));

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	QuickBooksChanges(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
	}

	/**
	 * Stores a page of changes; versions already in the change set are skipped. Answers the rows the driver reports
	 * as inserted (for logging: a batching driver may count every row).
	 */
	int addAll(List<QuickBooksChange> changes, Instant now) {
		if (changes.isEmpty()) {
			return 0;
		}
		int[][] counts = this.jdbcTemplate.batchUpdate("""
				INSERT IGNORE INTO quickbooks_changes (company_id, object_type, qb_id, edit_sequence, deleted,
					display_name, time_modified, data, document_id, received_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", changes, 500, (ps, c) -> {
			ps.setLong(1, c.companyId());
			ps.setString(2, c.objectType());
			ps.setString(3, c.qbId());
			ps.setString(4, c.editSequence());
			ps.setBoolean(5, c.deleted());
			ps.setString(6, cut(c.displayName(), 255));
			ps.setString(7, cut(c.timeModified(), 40));
			ps.setString(8, c.data());
			ps.setLong(9, c.documentId());
			ps.setTimestamp(10, Timestamp.from(now));
		});
		int added = 0;
		for (int[] batch : counts) {
			for (int n : batch) {
				added += (n > 0 || n == java.sql.Statement.SUCCESS_NO_INFO) ? 1 : 0;
			}
		}
		return added;
	}

	/**
	 * Stages QuickBooks objects that came back from our own requests (an Add's, a Mod's or a lookup's answer): they
	 * are QuickBooks' latest truth, and the scan recognises the versions qbsync wrote by their EditSequence.
	 */
	public void stage(long companyId, List<io.qbsync.qbxml.response.QbObject> objects, long documentId, Instant now) {
		addAll(objects.stream().filter((o) -> o.id() != null).map((o) -> of(companyId, o, documentId)).toList(), now);
	}

	/**
	 * QuickBooks answered that an object we are linked to is not there (3120): staged as deleted, as the import would,
	 * so Clear ID and the wizard know it is gone.
	 */
	public void stageDeleted(long companyId, String objectType, String qbId, String displayName, long documentId,
			Instant now) {
		addAll(List.of(new QuickBooksChange(0, companyId, objectType, qbId, "deleted:" + now, true, displayName, null,
				null, documentId, null)), now);
	}

	/** One QuickBooks object as a change-set row: its fields and lines kept as JSON. */
	static QuickBooksChange of(long companyId, io.qbsync.qbxml.response.QbObject object, long documentId) {
		return new QuickBooksChange(0, companyId, object.type(), object.id(),
				(object.editSequence() != null) ? object.editSequence() : "", false, object.displayName(),
				(object.timeModified() != null) ? object.timeModified().raw() : null, json(object), documentId, null);
	}

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	/**
	 * A stored object ({@code data} as {@link #of} writes it: fields by qbXML path, lines with their element) under
	 * our field names and Java values; empty for a deletion.
	 */
	public static java.util.Map<String, Object> values(io.qbsync.qbxml.entity.EntityType type, String data) {
		if (data == null) {
			return java.util.Map.of();
		}
		java.util.Map<String, Object> parsed = JSON.readValue(data,
				new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
				});
		@SuppressWarnings("unchecked")
		java.util.Map<String, String> fields = (java.util.Map<String, String>) parsed.getOrDefault("fields",
				java.util.Map.of());
		List<io.qbsync.qbxml.entity.RecordReader.LineFields> lines = new java.util.ArrayList<>();
		if (type.lines() != null && parsed.get("lines") instanceof List<?> raw) {
			for (Object o : raw) {
				java.util.Map<?, ?> line = (java.util.Map<?, ?>) o;
				if (type.lines().retElement().equals(line.get("element"))) {
					@SuppressWarnings("unchecked")
					java.util.Map<String, String> lineFields = (java.util.Map<String, String>) line.get("fields");
					lines.add(new io.qbsync.qbxml.entity.RecordReader.LineFields(lineFields.get("TxnLineID"),
							lineFields));
				}
			}
		}
		return new java.util.LinkedHashMap<>(io.qbsync.qbxml.entity.RecordReader.read(type, fields, lines));
	}

	private static String json(io.qbsync.qbxml.response.QbObject object) {
		java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("fields", object.fields());
		data.put("lines", object.lines().stream().map(QuickBooksChanges::line).toList());
		return JSON.writeValueAsString(data);
	}

	private static java.util.Map<String, Object> line(io.qbsync.qbxml.response.QbLine line) {
		java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("element", line.element());
		data.put("fields", line.fields());
		if (!line.lines().isEmpty()) {
			data.put("lines", line.lines().stream().map(QuickBooksChanges::line).toList());
		}
		return data;
	}

	/** The company's changes after {@code afterId}, oldest first. */
	public List<QuickBooksChange> after(long companyId, long afterId, int limit) {
		return this.jdbc.sql("""
				SELECT id, company_id, object_type, qb_id, edit_sequence, deleted, display_name, time_modified, data,
					document_id, received_at
				FROM quickbooks_changes WHERE company_id = ? AND id > ? ORDER BY id LIMIT ?
				""")
			.params(companyId, afterId, limit)
			.query(MAPPER)
			.list();
	}

	/** The latest change of one QuickBooks object: what QuickBooks last said it holds (or that it was deleted). */
	public Optional<QuickBooksChange> latest(long companyId, String objectType, String qbId) {
		return this.jdbc.sql("""
				SELECT id, company_id, object_type, qb_id, edit_sequence, deleted, display_name, time_modified, data,
					document_id, received_at
				FROM quickbooks_changes WHERE company_id = ? AND qb_id = ? AND object_type = ? ORDER BY id DESC LIMIT 1
				""")
			.params(companyId, qbId, objectType)
			.query(MAPPER)
			.optional();
	}

	/** The object types the company's change set holds any change of (a list read from QuickBooks at least once). */
	public Set<String> typesHeld(long companyId) {
		return new HashSet<>(this.jdbc.sql("SELECT DISTINCT object_type FROM quickbooks_changes WHERE company_id = ?")
			.param(companyId)
			.query(String.class)
			.list());
	}

	/** How many changes of the company come after {@code afterId} (a scan's progress counts against this). */
	public long countAfter(long companyId, long afterId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM quickbooks_changes WHERE company_id = ? AND id > ?")
			.params(companyId, afterId)
			.query(Long.class)
			.single();
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	/**
	 * Deletes at most {@code limit} versions the scan has read (at or before {@code readUpTo}, the last id each company's
	 * scan read), older than
	 * the cutoff, with a later version of the same object that is not a deletion: so an object's latest version, and
	 * its latest before a deletion, always stay. Rows are never changed once written.
	 */
	public int purgeSuperseded(Instant cutoff, int limit, Map<Long, Long> readUpTo) {
		if (readUpTo.isEmpty() || limit <= 0) {
			return 0;
		}
		// the positions come as [company, last id read] rows
		JsonRows positions = new JsonRows();
		readUpTo.forEach(positions::add);
		List<Long> ids = this.jdbc.sql("""
				SELECT c.id FROM quickbooks_changes c
				JOIN JSON_TABLE(:positions, '$[*]' COLUMNS (company_id BIGINT PATH '$[0]', up_to BIGINT PATH '$[1]')) k
					ON k.company_id = c.company_id
				WHERE c.received_at < :cutoff AND c.id <= k.up_to
					AND EXISTS (SELECT 1 FROM quickbooks_changes later
						WHERE later.company_id = c.company_id AND later.object_type = c.object_type
							AND later.qb_id = c.qb_id AND later.id > c.id AND later.deleted = FALSE)
				ORDER BY c.id LIMIT :limit
				""")
			.param("positions", positions.json())
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		return ids.isEmpty() ? 0
				: this.jdbc.sql("DELETE FROM quickbooks_changes WHERE id IN (:ids)").param("ids", ids).update();
	}

}
