package io.qbsync.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.qbsync.wizard.ItemHistory;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;

import org.springframework.stereotype.Component;

/**
 * The QuickBooks Sync Report: a company's synced items by state (Pending, Successful, Failed), paged, searchable by
 * name and date; its chart; and what each failed record blocks. The wizard reads the items ({@link ItemHistory}).
 */
@Component
public class SyncReport {

	/** The report's tabs, and the item states each shows. */
	public enum Tab {

		/** Approved and waiting: for release, for a parent, for a retry, or in the outbox for the Web Connector. */
		PENDING(EnumSet.of(WizardItemState.APPROVED, WizardItemState.PENDING)),
		SUCCEEDED(EnumSet.of(WizardItemState.SUCCEEDED)),
		FAILED(EnumSet.of(WizardItemState.FAILED));

		final Set<WizardItemState> states;

		Tab(Set<WizardItemState> states) {
			this.states = states;
		}

	}

	/** One page of a tab. */
	public record Page(List<WizardItem> items, int page, int size, long total) {
	}

	private final ItemHistory history;

	SyncReport(ItemHistory history) {
		this.history = history;
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
		ItemHistory.Found found = this.history.page(companyId, tab.states, from, to, search, ownProblemsOnly, page,
				size);
		return new Page(found.items(), page, size, found.total());
	}

	/** Successful and failed syncs per day (UTC), oldest first, for the report's chart. */
	public record Day(String day, long succeeded, long failed) {
	}

	public List<Day> perDay(long companyId, Instant from, ZoneId zone) {
		// counted per quarter hour (every time zone's midnight falls on one), then added up per day of the zone
		Map<LocalDate, long[]> days = new TreeMap<>();
		for (ItemHistory.Finished quarter : this.history.finishedPerQuarterHour(companyId, from)) {
			// DATETIME columns hold the JVM's local time, as the driver wrote the Timestamp
			LocalDate day = quarter.start().atZone(ZoneId.systemDefault()).withZoneSameInstant(zone).toLocalDate();
			long[] counts = days.computeIfAbsent(day, (d) -> new long[2]);
			counts[0] += quarter.succeeded();
			counts[1] += quarter.failed();
		}
		return days.entrySet().stream()
			.map((e) -> new Day(e.getKey().toString(), e.getValue()[0], e.getValue()[1]))
			.toList();
	}

	/** What waits for a record: the approved items blocked by it, and those failed because it failed. */
	public List<WizardItem> blockedBy(long companyId, Long recordId) {
		if (recordId == null) {
			return List.of();
		}
		return this.history.blockedBy(companyId, recordId);
	}

}
