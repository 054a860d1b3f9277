package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The wizard_scan_cursors table: how far a company's scan has read each change set (moved in the same transaction
 * as the items a chunk writes, so a restarted scan resumes where the last commit left it), and the flag that keeps
 * two scans of one company from running at once, on any node.
 */
@Repository
class ScanCursors {

	private final JdbcClient jdbc;

	ScanCursors(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long singleOps(long companyId) {
		ensure(companyId);
		return this.jdbc.sql("SELECT singleops_change_id FROM wizard_scan_cursors WHERE company_id = ?")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	long quickBooks(long companyId) {
		ensure(companyId);
		return this.jdbc.sql("SELECT quickbooks_change_id FROM wizard_scan_cursors WHERE company_id = ?")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	void advanceSingleOps(long companyId, long changeId) {
		this.jdbc.sql("""
				UPDATE wizard_scan_cursors SET singleops_change_id = GREATEST(singleops_change_id, ?) WHERE company_id = ?
				""").params(changeId, companyId).update();
	}

	void advanceQuickBooks(long companyId, long changeId) {
		this.jdbc.sql("""
				UPDATE wizard_scan_cursors SET quickbooks_change_id = GREATEST(quickbooks_change_id, ?) WHERE company_id = ?
				""").params(changeId, companyId).update();
	}

	/** The next scan reads both change sets from the start (the nightly full reconciliation). */
	void rewind(long companyId) {
		ensure(companyId);
		this.jdbc.sql("UPDATE wizard_scan_cursors SET singleops_change_id = 0, quickbooks_change_id = 0 WHERE company_id = ?")
			.param(companyId)
			.update();
	}

	/** The next scan plans every field-service record again (QuickBooks' side is left where it is). */
	void rewindSingleOps(long companyId) {
		ensure(companyId);
		this.jdbc.sql("UPDATE wizard_scan_cursors SET singleops_change_id = 0 WHERE company_id = ?")
			.param(companyId)
			.update();
	}

	/**
	 * Claims the company for one scan: answers the scan's run number, or empty when another scan holds it (a claim
	 * older than {@code staleAfter} is taken over: its node died).
	 */
	OptionalLong claim(long companyId, Instant now, Duration staleAfter) {
		return retrying(() -> tryClaim(companyId, now, staleAfter));
	}

	/**
	 * Two nodes claiming or releasing at the same moment can meet in a deadlock on the company's row; each of these
	 * is one statement on its own, so it is simply tried again (a release that failed would keep the company
	 * claimed until the claim goes stale).
	 */
	private static <T> T retrying(java.util.function.Supplier<T> statement) {
		for (int attempt = 1;; attempt++) {
			try {
				return statement.get();
			}
			catch (org.springframework.dao.TransientDataAccessException ex) {
				if (attempt >= 3) {
					throw ex;
				}
				try {
					Thread.sleep(20L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private OptionalLong tryClaim(long companyId, Instant now, Duration staleAfter) {
		ensure(companyId);
		int claimed = this.jdbc.sql("""
				UPDATE wizard_scan_cursors SET running_since = ?, runs = runs + 1
				WHERE company_id = ? AND (running_since IS NULL OR running_since < ?)
				""").params(Timestamp.from(now), companyId, Timestamp.from(now.minus(staleAfter))).update();
		if (claimed == 0) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(this.jdbc.sql("SELECT runs FROM wizard_scan_cursors WHERE company_id = ?")
			.param(companyId)
			.query(Long.class)
			.single());
	}

	/** Gives up the claim of run {@code run}; a later run that took over a stale claim keeps its own. */
	void release(long companyId, long run) {
		retrying(() -> this.jdbc.sql("UPDATE wizard_scan_cursors SET running_since = NULL WHERE company_id = ? AND runs = ?")
			.params(companyId, run)
			.update());
	}

	private void ensure(long companyId) {
		this.jdbc.sql("INSERT IGNORE INTO wizard_scan_cursors (company_id) VALUES (?)").param(companyId).update();
	}

}
