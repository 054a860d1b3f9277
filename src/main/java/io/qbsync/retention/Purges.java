package io.qbsync.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deletes of the {@code purge-old-data} job, one bounded batch per call: each picks at most {@code limit} rows
 * (oldest first) and re-checks the same conditions when it writes, so a row that became needed meanwhile stays.
 * Each call answers how many rows (job instances, for the metadata) it purged.
 */
@Repository
class Purges {

	/** An outbox document whose bodies may go: final, answered before the cutoff, nothing waiting on it. */
	private static final String OUTBOX_DONE = """
			d.state IN ('ANSWERED', 'FAILED', 'UNCERTAIN') AND d.answered_at < :cutoff AND d.bodies_purged_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM wizard_items i WHERE i.document_id = d.id AND i.state IN ('APPROVED', 'PENDING'))
			AND NOT EXISTS (SELECT 1 FROM wizard_items i WHERE i.lookup_document_id = d.id AND i.state IN ('APPROVED', 'PENDING'))
			AND NOT EXISTS (SELECT 1 FROM quickbooks_link_checks c WHERE c.document_id = d.id)
			AND NOT EXISTS (SELECT 1 FROM quickbooks_import_cursors q WHERE q.document_id = d.id)
			""";

	/**
	 * A session that may go: ended, last seen before the cutoff, named by no outbox document, and neither the
	 * company's latest session nor its latest with an agreed qbXML version (release writes in that version).
	 */
	private static final String SESSION_DONE = """
			s.state <> 'OPEN' AND s.last_seen_at < :cutoff
			AND NOT EXISTS (SELECT 1 FROM outbox_documents d WHERE d.session_id = s.id)
			AND s.id < (SELECT MAX(l.id) FROM webconnector_sessions l WHERE l.company_id = s.company_id)
			AND s.id <> COALESCE((SELECT MAX(v.id) FROM webconnector_sessions v
				WHERE v.company_id = s.company_id AND v.qbxml_version IS NOT NULL), 0)
			""";

	/**
	 * A job instance that may go: its last execution COMPLETED or ABANDONED before the cutoff (FAILED or STOPPED
	 * before the longer failed cutoff); none of its executions is running or ended after the cutoff; and none is
	 * the delivery of a wizard item still approved, pending or failed (its restart resends them) or of an open
	 * session.
	 */
	private static final String INSTANCE_DONE = """
			SELECT i.JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE i
			JOIN BATCH_JOB_EXECUTION last ON last.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID
				AND last.JOB_EXECUTION_ID = (SELECT MAX(m.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION m
					WHERE m.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID)
			WHERE (last.STATUS IN ('COMPLETED', 'ABANDONED')
					OR (last.STATUS IN ('FAILED', 'STOPPED') AND last.END_TIME < :failedCutoff))
				AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION r WHERE r.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID
					AND (r.END_TIME IS NULL OR r.END_TIME >= :cutoff
						OR r.STATUS IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')))
				AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION r
					JOIN wizard_items w ON w.delivery_execution_id = r.JOB_EXECUTION_ID
					WHERE r.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND w.state IN ('APPROVED', 'PENDING', 'FAILED'))
				AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION r
					JOIN webconnector_sessions s ON s.delivery_execution_id = r.JOB_EXECUTION_ID
					WHERE r.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND s.state = 'OPEN')
			ORDER BY i.JOB_INSTANCE_ID LIMIT :limit
			""";

	/**
	 * A field-service change the scan has read (at or before the company's cursor), older than the cutoff, with a
	 * later change of the same record: the scan plans from a record's latest version, so it reads the same without.
	 */
	private static final String SINGLEOPS_VERSION_DONE = """
			SELECT c.id FROM singleops_changes c JOIN wizard_scan_cursors k ON k.company_id = c.company_id
			WHERE c.created_at < :cutoff AND c.id <= k.singleops_change_id
				AND EXISTS (SELECT 1 FROM singleops_changes later
					WHERE later.company_id = c.company_id AND later.record_id = c.record_id AND later.id > c.id)
			ORDER BY c.id LIMIT :limit
			""";

	/**
	 * A QuickBooks version the scan has read, older than the cutoff, with a later version of the same object that is
	 * not a deletion: so an object's latest version, and its latest before a deletion, always stay.
	 */
	private static final String QUICKBOOKS_VERSION_DONE = """
			SELECT c.id FROM quickbooks_changes c JOIN wizard_scan_cursors k ON k.company_id = c.company_id
			WHERE c.received_at < :cutoff AND c.id <= k.quickbooks_change_id
				AND EXISTS (SELECT 1 FROM quickbooks_changes later
					WHERE later.company_id = c.company_id AND later.object_type = c.object_type
						AND later.qb_id = c.qb_id AND later.id > c.id AND later.deleted = FALSE)
			ORDER BY c.id LIMIT :limit
			""";

	private final JdbcClient jdbc;

	Purges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Drops the request and response bodies of old answered documents; the rows (and their states) stay. */
	int outboxBodies(Instant cutoff, Instant now, int limit) {
		List<Long> ids = this.jdbc.sql("SELECT d.id FROM outbox_documents d WHERE " + OUTBOX_DONE
				+ " ORDER BY d.id LIMIT :limit")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("UPDATE outbox_documents d SET d.request = '', d.response = NULL, d.bodies_purged_at = :now "
				+ "WHERE d.id IN (:ids) AND " + OUTBOX_DONE)
			.param("now", Timestamp.from(now))
			.param("ids", ids)
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	/** Deletes old ended Web Connector sessions nothing refers to. */
	int sessions(Instant cutoff, int limit) {
		List<Long> ids = this.jdbc.sql("SELECT s.id FROM webconnector_sessions s WHERE " + SESSION_DONE
				+ " ORDER BY s.id LIMIT :limit")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		// the latest-session rule was checked above (MariaDB cannot read the table it deletes from)
		return this.jdbc.sql("""
				DELETE FROM webconnector_sessions WHERE id IN (:ids) AND state <> 'OPEN' AND last_seen_at < :cutoff
					AND NOT EXISTS (SELECT 1 FROM outbox_documents d WHERE d.session_id = webconnector_sessions.id)
				""")
			.param("ids", ids)
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	/**
	 * Deletes superseded versions of the two change sets, field-service ones first; rows are never changed once
	 * written, so a version superseded when picked stays superseded.
	 */
	int changeVersions(Instant cutoff, int limit) {
		int purged = deleteIds("singleops_changes", SINGLEOPS_VERSION_DONE, cutoff, limit);
		return purged + deleteIds("quickbooks_changes", QUICKBOOKS_VERSION_DONE, cutoff, limit - purged);
	}

	/** Deletes old feed entries other than offers of new objects. */
	int feed(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM quickbooks_feed WHERE published_at < :cutoff AND action <> 'NEW_IN_QUICKBOOKS'
				ORDER BY id LIMIT :limit
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}

	private int deleteIds(String table, String select, Instant cutoff, int limit) {
		if (limit <= 0) {
			return 0;
		}
		List<Long> ids = this.jdbc.sql(select)
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM " + table + " WHERE id IN (:ids)").param("ids", ids).update();
	}

	/** Deletes sign-in failures of the pages and the API whose counting window and lockout are both over. */
	int adminLoginFailures(Instant windowStart, Instant now, int limit) {
		return loginFailures("admin_login_failures", windowStart, now, limit);
	}

	/**
	 * A row whose first failure is older than the window counts as no failures at all (the next failure starts
	 * afresh), so deleting it once its lockout is over changes nothing.
	 */
	private int loginFailures(String table, Instant windowStart, Instant now, int limit) {
		return this.jdbc.sql("DELETE FROM " + table + """
				 WHERE first_failure_at < :windowStart AND (locked_until IS NULL OR locked_until < :now)
				ORDER BY first_failure_at LIMIT :limit
				""")
			.param("windowStart", Timestamp.from(windowStart))
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.update();
	}

	/** Deletes old finished job instances with their executions, children first. */
	int jobMetadata(Instant cutoff, Instant failedCutoff, int limit) {
		List<Long> instances = this.jdbc.sql(INSTANCE_DONE)
			.param("cutoff", Timestamp.from(cutoff))
			.param("failedCutoff", Timestamp.from(failedCutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (instances.isEmpty()) {
			return 0;
		}
		List<Long> executions = this.jdbc
			.sql("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances)")
			.param("instances", instances)
			.query(Long.class)
			.list();
		if (!executions.isEmpty()) {
			this.jdbc.sql("""
					DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN
						(SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (:executions))
					""").param("executions", executions).update();
			for (String table : List.of("BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT",
					"BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION")) {
				this.jdbc.sql("DELETE FROM " + table + " WHERE JOB_EXECUTION_ID IN (:executions)")
					.param("executions", executions)
					.update();
			}
		}
		return this.jdbc.sql("DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (:instances)")
			.param("instances", instances)
			.update();
	}

}
