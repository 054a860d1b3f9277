package io.qbsync.quickbooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The quickbooks_link_checks table: linked QuickBooks objects to look up by id. */
@Repository
public class LinkChecks {

	/** Ids per lookup request. */
	static final int BATCH = 100;

	private final JdbcClient jdbc;

	LinkChecks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A batch of ids of one type to look up. */
	record Batch(String objectType, List<String> qbIds) {
	}

	/** Asks for every QuickBooks object the company's (not deleted) records are linked to. Answers how many. */
	public int requestAll(long companyId, Instant now) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO quickbooks_link_checks (company_id, object_type, qb_id, requested_at)
				SELECT company_id,
					CASE record_type
						WHEN 'CUSTOMERS' THEN 'Customer'
						WHEN 'VENDORS' THEN 'Vendor'
						WHEN 'ITEMS' THEN IF(JSON_VALUE(data, '$.type') = 'NON_INVENTORY', 'ItemNonInventory', 'ItemService')
						WHEN 'INVOICES' THEN 'Invoice'
						WHEN 'PAYMENTS' THEN 'ReceivePayment'
					END, qb_id, ?
				FROM singleops_records
				WHERE company_id = ? AND qb_id IS NOT NULL AND NOT deleted
					AND record_type IN ('CUSTOMERS', 'VENDORS', 'ITEMS', 'INVOICES', 'PAYMENTS')
				""")
			.params(Timestamp.from(now), companyId)
			.update();
	}

	/** The next ids waiting (not in flight, not tried within {@code retryAfter}), all of one type. */
	Optional<Batch> next(long companyId, Instant now, Duration retryAfter) {
		Optional<String> type = this.jdbc.sql("""
				SELECT object_type FROM quickbooks_link_checks
				WHERE company_id = ? AND document_id IS NULL AND (attempted_at IS NULL OR attempted_at < ?)
				ORDER BY object_type LIMIT 1
				""")
			.params(companyId, Timestamp.from(now.minus(retryAfter)))
			.query(String.class)
			.optional();
		return type.map((t) -> new Batch(t, this.jdbc.sql("""
				SELECT qb_id FROM quickbooks_link_checks
				WHERE company_id = ? AND object_type = ? AND document_id IS NULL AND (attempted_at IS NULL OR attempted_at < ?)
				ORDER BY qb_id LIMIT ?
				""")
			.params(companyId, t, Timestamp.from(now.minus(retryAfter)), BATCH)
			.query(String.class)
			.list()));
	}

	boolean pending(long companyId, Instant now, Duration retryAfter) {
		return next(companyId, now, retryAfter).isPresent();
	}

	void sent(long companyId, String objectType, List<String> qbIds, long documentId, Instant now) {
		for (String id : qbIds) {
			this.jdbc.sql("""
					UPDATE quickbooks_link_checks SET document_id = ?, attempted_at = ?
					WHERE company_id = ? AND object_type = ? AND qb_id = ?
					""")
				.params(documentId, Timestamp.from(now), companyId, objectType, id)
				.update();
		}
	}

	/** The ids a lookup document asked for. */
	List<String> inDocument(long companyId, long documentId) {
		return this.jdbc.sql("SELECT qb_id FROM quickbooks_link_checks WHERE company_id = ? AND document_id = ?")
			.params(companyId, documentId)
			.query(String.class)
			.list();
	}

	/** The lookup was answered: its ids are checked. */
	void done(long companyId, long documentId) {
		this.jdbc.sql("DELETE FROM quickbooks_link_checks WHERE company_id = ? AND document_id = ?")
			.params(companyId, documentId)
			.update();
	}

	/** The lookup failed: its ids wait to be tried again later. */
	void retryLater(long companyId, long documentId) {
		this.jdbc.sql("UPDATE quickbooks_link_checks SET document_id = NULL WHERE company_id = ? AND document_id = ?")
			.params(companyId, documentId)
			.update();
	}

	/** A new session: lookups of the last one that never got an answer wait again. */
	void resetInFlight(long companyId) {
		this.jdbc.sql("UPDATE quickbooks_link_checks SET document_id = NULL WHERE company_id = ? AND document_id IS NOT NULL")
			.param(companyId)
			.update();
	}

}
