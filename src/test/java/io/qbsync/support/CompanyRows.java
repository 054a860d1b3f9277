package io.qbsync.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What a company owns in the database, as one hash: to show that a call left another company's rows alone. */
public final class CompanyRows {

	private CompanyRows() {
	}

	/** The tables that keep a company id. */
	public static List<String> tables(JdbcClient jdbc) {
		return jdbc.sql("""
				SELECT table_name FROM information_schema.columns
				WHERE table_schema = DATABASE() AND column_name = 'company_id' ORDER BY table_name""")
			.query(String.class)
			.list();
	}

	/**
	 * One query whose answer changes when any row of the company's does: a hash of its rows in each of {@code tables},
	 * of its companies row (less the time of its last check-in) and of its job executions; cheap enough to ask after
	 * every call.
	 */
	public static JdbcClient.StatementSpec fingerprint(JdbcClient jdbc, long companyId, List<String> tables) {
		List<String> parts = new ArrayList<>();
		for (String table : tables) {
			String columns = jdbc.sql("""
					SELECT GROUP_CONCAT(CONCAT('IFNULL(`', column_name, '`, ''~'')') ORDER BY ordinal_position)
					FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?""")
				.param(table)
				.query(String.class)
				.single();
			String row = "MD5(CONCAT_WS('|', " + columns + "))";
			parts.add("(SELECT IFNULL(GROUP_CONCAT(" + row + " ORDER BY " + row + "), '') FROM `" + table
					+ "` WHERE company_id = :id)");
		}
		parts.add("(SELECT CONCAT_WS('|', name, wc_password_hash, company_file, run_every_minutes, updated_at, "
				+ "password_changed_at) FROM companies WHERE id = :id)");
		parts.add("""
				(SELECT IFNULL(GROUP_CONCAT(CONCAT_WS('|', e.JOB_EXECUTION_ID, e.STATUS, e.VERSION)), '')
				FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
				WHERE p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = :idText)""");
		// the parameter's value is text: compared as a string, in the column's collation
		return jdbc.sql("SELECT MD5(CONCAT_WS(',', " + String.join(", ", parts) + "))")
			.param("id", companyId)
			.param("idText", Long.toString(companyId));
	}

}
