package io.qbsync.wizard;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How far each company's scan has read the two change sets: the versions at or before a position have been planned
 * from, so retention may drop those a later version supersedes.
 */
@Repository
public class ScanPositions {

	/** One company's scan cursors: the last change id read of each change set. */
	public record ScanPosition(long companyId, long singleOpsChangeId, long quickBooksChangeId) {
	}

	private final JdbcClient jdbc;

	ScanPositions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every company's position, in company order; a company never scanned has none. */
	public List<ScanPosition> all() {
		return this.jdbc.sql("""
				SELECT company_id, singleops_change_id, quickbooks_change_id FROM wizard_scan_cursors ORDER BY company_id
				""")
			.query((rs, row) -> new ScanPosition(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

}
