package io.qbsync.quickbooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The feed of approved changes from QuickBooks (quickbooks_feed), which the host app reads in order with a cursor
 * ({@code after} = the last id it has applied). One entry per approved item, never two.
 */
@Repository
public class QuickBooksFeed {

	/**
	 * One approved change. {@code data} is QuickBooks' object as read ({"fields": {...}, "lines": [...]}), null for a
	 * deletion; {@code recordType} and {@code externalId} name the linked field-service record, when there is one.
	 */
	public record Entry(long id, long itemId, String action, String objectType, String qbId, String recordType,
			String externalId, String data, Instant publishedAt) {
	}

	private final JdbcClient jdbc;

	QuickBooksFeed(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void publish(long companyId, long itemId, String action, String objectType, String qbId, String recordType,
			String externalId, String data, Instant now) {
		this.jdbc.sql("""
				INSERT IGNORE INTO quickbooks_feed (company_id, item_id, action, object_type, qb_id, record_type,
					external_id, data, published_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(companyId, itemId, action, objectType, qbId, recordType, externalId, data, Timestamp.from(now))
			.update();
	}

	public List<Entry> after(long companyId, long after, int limit) {
		return this.jdbc.sql("""
				SELECT id, item_id, action, object_type, qb_id, record_type, external_id, data, published_at
				FROM quickbooks_feed WHERE company_id = ? AND id > ? ORDER BY id LIMIT ?
				""")
			.params(companyId, after, limit)
			.query((rs, row) -> new Entry(rs.getLong("id"), rs.getLong("item_id"), rs.getString("action"),
					rs.getString("object_type"), rs.getString("qb_id"), rs.getString("record_type"),
					rs.getString("external_id"), rs.getString("data"), instant(rs, "published_at")))
			.list();
	}

	/** Whether the host app has already been offered this QuickBooks object as new. */
	public boolean offeredAsNew(long companyId, String objectType, String qbId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM quickbooks_feed
					WHERE company_id = ? AND qb_id = ? AND object_type = ? AND action = 'NEW_IN_QUICKBOOKS')
				""").params(companyId, qbId, objectType).query(Boolean.class).single();
	}

	/** The latest version of a QuickBooks object in the change set: its EditSequence, data, and whether deleted. */
	public record Latest(String editSequence, String data, boolean deleted) {
	}

	public java.util.Optional<Latest> latest(long companyId, String objectType, String qbId) {
		return latest(companyId, objectType, qbId, true);
	}

	/**
	 * The latest version of an object that is not its deletion: what QuickBooks held before it was deleted, if it
	 * was. A deletion's "EditSequence" is a marker, never one to write to a record.
	 */
	public java.util.Optional<Latest> latestLive(long companyId, String objectType, String qbId) {
		return latest(companyId, objectType, qbId, false);
	}

	private java.util.Optional<Latest> latest(long companyId, String objectType, String qbId, boolean deletions) {
		return this.jdbc.sql("""
				SELECT edit_sequence, data, deleted FROM quickbooks_changes
				WHERE company_id = ? AND object_type = ? AND qb_id = ? AND (? OR deleted = FALSE)
				ORDER BY id DESC LIMIT 1
				""")
			.params(companyId, objectType, qbId, deletions)
			.query((rs, row) -> new Latest(rs.getString("edit_sequence"), rs.getString("data"), rs.getBoolean("deleted")))
			.optional();
	}

	/** Deletes at most {@code limit} entries published before the cutoff, oldest first, but never offers of new objects. */
	public int purge(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM quickbooks_feed WHERE published_at < :cutoff AND action <> 'NEW_IN_QUICKBOOKS'
				ORDER BY id LIMIT :limit
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}

}
