package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The items from approval on, as the Sync Report and Unsynced Entities read them: a company's items in some states,
 * paged and searchable; their results per quarter hour; and, for one record, what waits on it.
 */
@Repository
public class ItemHistory {

	/** One page of items, and how many match in all. */
	public record Found(List<WizardItem> items, long total) {
	}

	/**
	 * How many items succeeded and failed in one quarter hour.
	 *
	 * @param start the quarter hour's start, in the JVM's local time (as DATETIME columns hold it)
	 */
	public record Finished(LocalDateTime start, long succeeded, long failed) {
	}

	private static final LocalDateTime QUARTERS_FROM = LocalDateTime.of(2000, 1, 1, 0, 0);

	private final JdbcClient jdbc;

	ItemHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of the company's items in these states, newest change first, changed in [{@code from}, {@code to}) when
	 * given, whose summary or external id contains {@code search}; {@code ownProblemsOnly} leaves out the items that
	 * failed only because another one did (a parent, or an earlier change of the record).
	 */
	public Found page(long companyId, Collection<WizardItemState> states, Instant from, Instant to, String search,
			boolean ownProblemsOnly, int page, int size) {
		StringBuilder where = new StringBuilder(" FROM wizard_items WHERE company_id = ? AND state IN ("
				+ states.stream().map((state) -> "?").collect(Collectors.joining(", ")) + ")");
		List<Object> params = new ArrayList<>(List.of(companyId));
		states.forEach((state) -> params.add(state.name()));
		if (ownProblemsOnly) {
			where.append(" AND (result_code IS NULL OR result_code NOT IN (?, ?))");
			params.add(WizardItem.PARENT_FAILED);
			params.add(WizardItem.EARLIER_UNKNOWN);
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
		List<WizardItem> items = this.jdbc
			.sql("SELECT " + WizardItems.COLUMNS + where + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(paged)
			.query(WizardItems.MAPPER)
			.list();
		return new Found(items, total);
	}

	/**
	 * The company's successes and failures per quarter hour (every time zone's midnight falls on one) since
	 * {@code from}, for the report's chart; quarter hours with neither are left out.
	 */
	public List<Finished> finishedPerQuarterHour(long companyId, Instant from) {
		return this.jdbc.sql("""
				SELECT TIMESTAMPDIFF(MINUTE, '2000-01-01', finished_at) DIV 15 AS quarter,
					SUM(state = 'SUCCEEDED') AS ok, SUM(state = 'FAILED') AS failed
				FROM wizard_items WHERE company_id = ? AND state IN ('SUCCEEDED', 'FAILED') AND finished_at >= ?
				GROUP BY quarter
				""")
			.params(companyId, Timestamp.from(from))
			.query((rs, row) -> new Finished(QUARTERS_FROM.plusMinutes(15 * rs.getLong("quarter")), rs.getLong("ok"),
					rs.getLong("failed")))
			.list();
	}

	/** What waits for a record: the approved items blocked by it, and those failed because it failed. */
	public List<WizardItem> blockedBy(long companyId, long recordId) {
		return this.jdbc.sql("SELECT " + WizardItems.COLUMNS + " FROM wizard_items WHERE company_id = ? AND "
				+ "blocked_by_record_id = ? AND (state = 'APPROVED' OR (state = 'FAILED' AND result_code = '"
				+ WizardItem.PARENT_FAILED + "')) ORDER BY id LIMIT 100")
			.params(companyId, recordId)
			.query(WizardItems.MAPPER)
			.list();
	}

	/** The record's failed exports. */
	public List<WizardItem> failedExports(long companyId, long recordId) {
		return this.jdbc
			.sql("SELECT " + WizardItems.COLUMNS + " FROM wizard_items WHERE company_id = ? AND record_id = ? "
					+ "AND direction = 'EXPORT' AND state = 'FAILED'")
			.params(companyId, recordId)
			.query(WizardItems.MAPPER)
			.list();
	}

	/** The QuickBooks type the record was last synced as (an item's type may have changed since). */
	public Optional<String> lastSyncedType(long companyId, long recordId) {
		return this.jdbc.sql("SELECT object_type FROM wizard_items WHERE company_id = ? AND record_id = ? "
				+ "AND state = 'SUCCEEDED' ORDER BY id DESC LIMIT 1")
			.params(companyId, recordId)
			.query(String.class)
			.optional();
	}

}
