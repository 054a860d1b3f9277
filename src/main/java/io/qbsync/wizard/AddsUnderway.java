package io.qbsync.wizard;

import io.qbsync.singleops.AddsInFlight;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record's Adds that may still reach QuickBooks: sent as an Add, or being looked up after a lost answer. */
@Repository
class AddsUnderway implements AddsInFlight {

	private final JdbcClient jdbc;

	AddsUnderway(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public boolean addInFlight(long companyId, long recordId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM wizard_items w
				WHERE w.company_id = ? AND w.record_id = ? AND w.direction = 'EXPORT'
					AND ((w.state = 'PENDING' AND (w.sent_as = 'ADD' OR w.lookup = 'IDENTITY'))
						OR (w.state = 'APPROVED' AND w.lookup = 'IDENTITY')))
				""").params(companyId, recordId).query(Boolean.class).single();
	}

}
