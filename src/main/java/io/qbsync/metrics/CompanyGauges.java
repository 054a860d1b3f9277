package io.qbsync.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.wizard.ItemSummaries;
import io.qbsync.wizard.ItemSummaries.CompanyItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The per company gauges, tagged {@code company} (the company's id): items waiting in the Sync Wizard, items pending
 * (approved, not yet answered by QuickBooks), failed items (Unsynced Entities), the age of the Web Connector's last
 * check-in (no series before the first one) and of the oldest pending item (0 when none); plus
 * {@code qbsync_company_info} (1, tagged with the company's name as well) to show names beside ids.
 *
 * <p>
 * The companies and their items' counts are read every {@link MetricsSettings#companyRefresh()}, on a thread of its
 * own, each asked of its owner (two statements: {@link ItemSummaries#perCompany} reads the items that are open,
 * pending or failed, never the ever-growing history of succeeded ones); a scrape only reads what the last refresh
 * found, so scraping costs the database nothing. A company that is gone is gone from the gauges at the next refresh.
 * Ages are counted up to the moment of the scrape.
 */
@Component
public class CompanyGauges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CompanyGauges.class);

	/** One company as the last refresh found it. */
	record CompanyState(long id, String name, Instant lastCheckIn, long waiting, long pending, long failed,
			Instant pendingSince) {
	}

	private final CompanyService companyService;

	private final ItemSummaries items;

	private final Clock clock;

	private final MetricsSettings settings;

	private final MultiGauge info;

	private final MultiGauge waiting;

	private final MultiGauge pending;

	private final MultiGauge failed;

	private final MultiGauge checkInAge;

	private final MultiGauge oldestPendingAge;

	private volatile Map<Long, CompanyState> companies = Map.of();

	/** Held while the gauges are read again, so two refreshes never register rows at once. */
	private final Object refreshing = new Object();

	private ScheduledExecutorService refresher;

	CompanyGauges(CompanyService companyService, ItemSummaries items, Clock clock, MetricsSettings settings,
			MeterRegistry registry) {
		this.companyService = companyService;
		this.items = items;
		this.clock = clock;
		this.settings = settings;
		this.info = MultiGauge.builder("qbsync.company.info")
			.description("1 for every company; its company_name tag names it")
			.register(registry);
		this.waiting = MultiGauge.builder("qbsync.company.wizard.items")
			.description("Items waiting for a decision in the Sync Wizard (the badge)")
			.register(registry);
		this.pending = MultiGauge.builder("qbsync.company.pending.items")
			.description("Approved items not yet settled in QuickBooks (the Sync Report's Pending tab)")
			.register(registry);
		this.failed = MultiGauge.builder("qbsync.company.failed.items")
			.description("Failed items (Unsynced Entities)")
			.register(registry);
		this.checkInAge = MultiGauge.builder("qbsync.company.last.checkin.age")
			.description("Time since the Web Connector last logged in for the company")
			.baseUnit("seconds")
			.register(registry);
		this.oldestPendingAge = MultiGauge.builder("qbsync.company.oldest.pending.age")
			.description("Time since the oldest pending item was approved (0 when none is pending)")
			.baseUnit("seconds")
			.register(registry);
	}

	/** Reads every company's state again and makes the gauges match: new companies appear, deleted ones go. */
	public void refresh() {
		synchronized (this.refreshing) {
			read();
		}
	}

	private void read() {
		List<Company> all = this.companyService.list();
		Map<Long, CompanyItems> counts = this.items.perCompany(all.stream().map(Company::id).toList())
			.stream()
			.collect(Collectors.toMap(CompanyItems::companyId, Function.identity()));
		List<CompanyState> read = all.stream().sorted(Comparator.comparingLong(Company::id)).map((c) -> {
			CompanyItems counted = counts.getOrDefault(c.id(), new CompanyItems(c.id(), 0, 0, 0, null));
			return new CompanyState(c.id(), c.name(), c.lastCheckInAt(), counted.waiting(), counted.pending(),
					counted.failed(), counted.pendingSince());
		}).toList();
		this.companies = read.stream().collect(Collectors.toUnmodifiableMap(CompanyState::id, Function.identity()));
		this.info.register(read.stream()
			.map((c) -> MultiGauge.Row.of(Tags.of("company", Long.toString(c.id()), "company_name", c.name()), 1))
			.toList(), false);
		this.waiting.register(rows(read, (c) -> c.waiting()), false);
		this.pending.register(rows(read, (c) -> c.pending()), false);
		this.failed.register(rows(read, (c) -> c.failed()), false);
		this.checkInAge.register(rows(read.stream().filter((c) -> c.lastCheckIn() != null).toList(),
				(c) -> (c.lastCheckIn() != null) ? secondsSince(c.lastCheckIn()) : Double.NaN), false);
		this.oldestPendingAge.register(rows(read,
				(c) -> (c.pendingSince() != null) ? secondsSince(c.pendingSince()) : 0), false);
	}

	/** One row per company, each reading its company's latest state when scraped. */
	private List<MultiGauge.Row<?>> rows(List<CompanyState> read, ToDoubleFunction<CompanyState> value) {
		return read.stream()
			.<MultiGauge.Row<?>>map((c) -> MultiGauge.Row.of(Tags.of("company", Long.toString(c.id())), this,
					(gauges) -> gauges.value(c.id(), value)))
			.toList();
	}

	private double value(long companyId, ToDoubleFunction<CompanyState> value) {
		CompanyState company = this.companies.get(companyId);
		return (company != null) ? value.applyAsDouble(company) : Double.NaN;
	}

	private double secondsSince(Instant then) {
		return Math.max(0, this.clock.millis() - then.toEpochMilli()) / 1000.0;
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			// the gauges keep the last values read; the next refresh tries again
			log.warn("Could not read the companies' state for the metrics: {}", ex.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		if (this.refresher != null) {
			return;
		}
		this.refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "qbsync-company-gauges");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1000, this.settings.companyRefresh().toMillis());
		this.refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.refresher != null) {
			this.refresher.shutdownNow();
			this.refresher = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.refresher != null;
	}

}
