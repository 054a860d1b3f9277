package io.qbsync.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.qbsync.wizard.SyncItem;
import io.qbsync.wizard.SyncItemQueries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The QuickBooks Sync Report's queries: a company's synced items by state (Pending, Successful, Failed), paged,
 * searchable by name and date; and what each failed record blocks.
 */
@Repository
public class SyncReport {

	/** The report's tabs, and the item states each shows. */
	public enum Tab {

		/** Approved and waiting: for release, for a parent, for a retry, or in the outbox for the Web Connector. */
		PENDING("'APPROVED', 'PENDING'"),
		SUCCEEDED("'SUCCEEDED'"),
		FAILED("'FAILED'");

		final String states;

		Tab(String states) {
			this.states = states;
		}

	}

	/** One page of a tab. */
	public record Page(List<SyncItem> items, int page, int size, long total) {
	}

	private final JdbcClient jdbc;

	SyncReport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Page page(long companyId, Tab tab, Instant from, Instant to, String search, int page, int size) {
		return page(companyId, tab, from, to, search, false, page, size);
	}

	/**
	 * A page of a tab; {@code ownProblemsOnly} leaves out the items that failed only because another one did (a
	 * parent, or an earlier change of the record): they go on their own once that one is fixed.
	 */
	public Page page(long companyId, Tab tab, Instant from, Instant to, String search, boolean ownProblemsOnly,
			int page, int size) {
		StringBuilder where = new StringBuilder(" FROM wizard_items WHERE company_id = ? AND state IN (" + tab.states + ")");
		List<Object> params = new ArrayList<>(List.of(companyId));
		if (ownProblemsOnly) {
			where.append(" AND (result_code IS NULL OR result_code NOT IN (?, ?))");
			params.add(SyncItem.PARENT_FAILED);
			params.add(SyncItem.EARLIER_UNKNOWN);
		}
		if (from != null) {
			where.append(" AND updated_at >= ?");
			params.add(Timestamp.from(from));
		}
		if (to != null) {
			where.append(" AND updated_at < ?");
			params.add(Timestamp.from(to));
		}
		if (search != null && !search.isBlank()) {
			where.append(" AND (summary LIKE ? OR external_id LIKE ?)");
			String like = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
			params.add(like);
			params.add(like);
		}
		long total = this.jdbc.sql("SELECT COUNT(*)" + where).params(params).query(Long.class).single();
		List<Object> paged = new ArrayList<>(params);
		paged.add(size);
		paged.add((long) page * size);
		List<SyncItem> items = this.jdbc.sql("SELECT " + SyncItemQueries.COLUMNS + where + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(paged)
			.query(SyncItemQueries.MAPPER)
			.list();
		return new Page(items, page, size, total);
	}

	/** Successful and failed syncs per day (UTC), oldest first, for the report's chart. */
	public record Day(String day, long succeeded, long failed) {
	}

	public List<Day> perDay(long companyId, Instant from, ZoneId zone) {
		// counted per quarter hour (every time zone's midnight falls on one), then added up per day of the zone
		Map<LocalDate, long[]> days = new TreeMap<>();
		this.jdbc.sql("""
				SELECT TIMESTAMPDIFF(MINUTE, '2000-01-01', finished_at) DIV 15 AS quarter,
					SUM(state = 'SUCCEEDED') AS ok, SUM(state = 'FAILED') AS failed
				FROM wizard_items WHERE company_id = ? AND state IN ('SUCCEEDED', 'FAILED') AND finished_at >= ?
				GROUP BY quarter
				""")
			.params(companyId, Timestamp.from(from))
			.query((rs) -> {
				// DATETIME columns hold the JVM's local time, as the driver wrote the Timestamp
				LocalDate day = QUARTERS_FROM.plusMinutes(15 * rs.getLong("quarter")).atZone(ZoneId.systemDefault())
					.withZoneSameInstant(zone)
					.toLocalDate();
				long[] counts = days.computeIfAbsent(day, (d) -> new long[2]);
				counts[0] += rs.getLong("ok");
				counts[1] += rs.getLong("failed");
			});
		return days.entrySet().stream()
			.map((e) -> new Day(e.getKey().toString(), e.getValue()[0], e.getValue()[1]))
			.toList();
	}

	private static final LocalDateTime QUARTERS_FROM = LocalDateTime.of(2000, 1, 1, 0, 0);

	/** What waits for a record: the approved items blocked by it, and those failed because it failed. */
	public List<SyncItem> blockedBy(long companyId, Long recordId) {
		if (recordId == null) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + SyncItemQueries.COLUMNS + " FROM wizard_items WHERE company_id = ? AND "
				+ "blocked_by_record_id = ? AND (state = 'APPROVED' OR (state = 'FAILED' AND result_code = '"
				+ SyncItem.PARENT_FAILED + "')) ORDER BY id LIMIT 100")
			.params(companyId, recordId)
			.query(SyncItemQueries.MAPPER)
			.list();
	}

}
