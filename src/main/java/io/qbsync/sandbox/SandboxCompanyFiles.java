package io.qbsync.sandbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/**
 * The sandbox_company_files table: each sandbox company's simulated company file ({@link CompanyFileXml}), claimed by
 * one run or bookkeeper's change at a time with a conditional UPDATE, so two nodes never both change it.
 */
@Repository
class SandboxCompanyFiles {

	/** A claim older than this is taken to belong to a run that died (its node stopped) and may be taken over. */
	static final Duration CLAIM_EXPIRES = Duration.ofMinutes(15);

	/** A company's stored file, with the built-in Web Connector's password and its last run. */
	record Stored(long companyId, String password, String content, Instant lastRunAt, String lastRunOutcome,
			Instant runStartedAt) {
	}

	private final JdbcClient jdbc;

	SandboxCompanyFiles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long companyId, String password, String content, Instant now) {
		this.jdbc.sql("""
				INSERT INTO sandbox_company_files (company_id, wc_password, content, updated_at)
				VALUES (:id, :password, :content, :now)
				""")
			.param("id", companyId)
			.param("password", password)
			.param("content", content)
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<Stored> find(long companyId) {
		return this.jdbc.sql("""
				SELECT company_id, wc_password, content, last_run_at, last_run_outcome, run_started_at
				FROM sandbox_company_files WHERE company_id = :id
				""")
			.param("id", companyId)
			.query((rs, row) -> new Stored(rs.getLong("company_id"), rs.getString("wc_password"),
					rs.getString("content"), instant(rs, "last_run_at"), rs.getString("last_run_outcome"),
					instant(rs, "run_started_at")))
			.optional();
	}

	/** Claims the file for one run or change; false when another one holds it. */
	boolean claim(long companyId, Instant now) {
		return this.jdbc.sql("""
				UPDATE sandbox_company_files SET run_started_at = :now
				WHERE company_id = :id AND (run_started_at IS NULL OR run_started_at < :expired)
				""")
			.param("now", Timestamp.from(now))
			.param("expired", Timestamp.from(now.minus(CLAIM_EXPIRES)))
			.param("id", companyId)
			.update() == 1;
	}

	/** Writes the file back and gives up the claim. */
	void save(long companyId, String content, Instant now) {
		this.jdbc.sql("""
				UPDATE sandbox_company_files SET content = :content, updated_at = :now, run_started_at = NULL
				WHERE company_id = :id
				""")
			.param("content", content)
			.param("now", Timestamp.from(now))
			.param("id", companyId)
			.update();
	}

	/** Gives up the claim without changing the file. */
	void release(long companyId) {
		this.jdbc.sql("UPDATE sandbox_company_files SET run_started_at = NULL WHERE company_id = :id")
			.param("id", companyId)
			.update();
	}

	void recordRun(long companyId, Instant at, String outcome) {
		this.jdbc.sql("""
				UPDATE sandbox_company_files SET last_run_at = :at, last_run_outcome = :outcome WHERE company_id = :id
				""")
			.param("at", Timestamp.from(at))
			.param("outcome", (outcome.length() > 200) ? outcome.substring(0, 200) : outcome)
			.param("id", companyId)
			.update();
	}

	/** When a sandbox company's Web Connector last ran (null: never). */
	record LastRun(long companyId, Instant at) {
	}

	/** Every sandbox company with its last run, in company order. */
	List<LastRun> lastRuns() {
		return this.jdbc.sql("SELECT company_id, last_run_at FROM sandbox_company_files ORDER BY company_id")
			.query((rs, row) -> new LastRun(rs.getLong("company_id"), instant(rs, "last_run_at")))
			.list();
	}

}
