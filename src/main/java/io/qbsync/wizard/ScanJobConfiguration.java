package io.qbsync.wizard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

import io.qbsync.company.CompanyService;
import io.qbsync.company.SyncDirections;
import io.qbsync.quickbooks.ImportPlanner;
import io.qbsync.quickbooks.QuickBooksChange;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.schedule.Progress;
import io.qbsync.singleops.Change;
import io.qbsync.singleops.SingleOpsChanges;
import io.qbsync.singleops.SingleOpsRecords;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job: one company's scan of both change sets into wizard items. Step one reads the
 * field-service app's change journal, step two the QuickBooks change set, each past its cursor, in chunks; a chunk's
 * items and the cursor commit together, so a scan stopped half-way and restarted gives the same items, never a second
 * item for a record.
 */
@Configuration(proxyBeanMethods = false)
class ScanJobConfiguration {

	static final String JOB_NAME = "scan-changes";

	/**
	 * Changes planned and written per transaction. Each chunk costs six round trips besides its upserts (the cursor,
	 * three of Spring Batch's rows, the commit), so a large chunk keeps the scan near the rate of the inserts alone.
	 */
	static final int CHUNK = 1000;

	/** Changes read from a change set at a time; the step's lookups read the page's records with them. */
	static final int PAGE = 1000;

	@Bean
	Job scanChangesJob(JobRepository jobRepository, Step scanSingleOpsStep, Step scanQuickBooksStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(scanSingleOpsStep).next(scanQuickBooksStep).build();
	}

	@Bean
	Step scanSingleOpsStep(JobRepository jobRepository, PlatformTransactionManager tx,
			ItemReader<Change> singleOpsChangeReader, ScanPlanner planner, ScanLookups scanLookups, WizardItems items,
			ScanCursors cursors, Clock clock, SingleOpsChanges changes) {
		return new StepBuilder("scan-singleops-changes", jobRepository).<Change, Planned>chunk(CHUNK)
			.transactionManager(tx)
			.listener(Progress.counting((company) -> changes.countAfter(company, cursors.singleOps(company))))
			.reader(singleOpsChangeReader)
			.processor((change) -> new Planned(change.companyId(), change.id(),
					planner.export(change, ScanLookups.current(scanLookups))))
			.writer(writer(items, clock, cursors::advanceSingleOps))
			.build();
	}

	@Bean
	Step scanQuickBooksStep(JobRepository jobRepository, PlatformTransactionManager tx,
			ItemReader<QuickBooksChange> quickBooksChangeReader, QuickBooksChangePlanner planner,
			ScanLookups scanLookups, WizardItems items, ScanCursors cursors, Clock clock, QuickBooksChanges changes) {
		return new StepBuilder("scan-quickbooks-changes", jobRepository).<QuickBooksChange, Planned>chunk(CHUNK)
			.transactionManager(tx)
			.listener(Progress.counting((company) -> changes.countAfter(company, cursors.quickBooks(company))))
			.reader(quickBooksChangeReader)
			.processor((change) -> new Planned(change.companyId(), change.id(),
					planner.imported(change, ScanLookups.current(scanLookups))))
			.writer(writer(items, clock, cursors::advanceQuickBooks))
			.build();
	}

	/**
	 * What the planner reads about the company, its directions and a page's records: one per step execution, so
	 * nothing it holds outlives the step (a change of directions counts from the next scan, or step, on).
	 */
	@Bean
	@StepScope
	ScanLookups scanLookups(@Value("#{jobParameters['companyId']}") Long companyId, CompanyService companies,
			SyncDirections directions, SingleOpsRecords records, JdbcClient jdbc, WizardItems items,
			ImportPlanner imports, QuickBooksChanges quickBooksChanges) {
		return new ScanLookups(companyId, companies, directions, records, jdbc, items, imports, quickBooksChanges);
	}

	@Bean
	@StepScope
	ItemReader<Change> singleOpsChangeReader(@Value("#{jobParameters['companyId']}") Long companyId,
			SingleOpsChanges changes, ScanCursors cursors, ScanLookups scanLookups) {
		return new PagedReader<>(cursors.singleOps(companyId), (after, limit) -> {
			List<Change> page = changes.after(companyId, after, limit);
			scanLookups.readingPage(page.stream().map(Change::recordId).toList());
			return new ArrayDeque<>(page);
		}, Change::id);
	}

	@Bean
	@StepScope
	ItemReader<QuickBooksChange> quickBooksChangeReader(@Value("#{jobParameters['companyId']}") Long companyId,
			QuickBooksChanges changes, ScanCursors cursors) {
		return new PagedReader<>(cursors.quickBooks(companyId),
				(after, limit) -> new ArrayDeque<>(changes.after(companyId, after, limit)), QuickBooksChange::id);
	}

	private static ItemWriter<Planned> writer(WizardItems items, Clock clock, CursorMove move) {
		return (chunk) -> {
			long companyId = 0;
			long last = 0;
			// one time for the chunk's writes, which commit together
			Instant now = clock.instant();
			List<WizardItems.Write> writes = new ArrayList<>();
			for (Planned planned : chunk) {
				for (String key : planned.plan().withdraw()) {
					writes.add(WizardItems.Write.withdraw(planned.companyId(), key, now));
				}
				if (planned.plan().item() != null) {
					writes.add(WizardItems.Write.upsert(planned.plan().item(), now));
				}
				companyId = planned.companyId();
				last = Math.max(last, planned.changeId());
			}
			items.apply(writes);
			if (last > 0) {
				move.to(companyId, last);
			}
		};
	}

	/** A change with what it means for the wizard. */
	record Planned(long companyId, long changeId, ScanPlanner.Plan plan) {
	}

	/** Moves a change-set cursor in the chunk's transaction. */
	@FunctionalInterface
	interface CursorMove {

		void to(long companyId, long changeId);

	}

	/** Reads a change set past a cursor, a page at a time. */
	static final class PagedReader<T> implements ItemReader<T> {

		private final BiFunction<Long, Integer, Deque<T>> page;

		private final java.util.function.ToLongFunction<T> id;

		private Deque<T> buffer = new ArrayDeque<>();

		private long after;

		PagedReader(long after, BiFunction<Long, Integer, Deque<T>> page, java.util.function.ToLongFunction<T> id) {
			this.after = after;
			this.page = page;
			this.id = id;
		}

		@Override
		public T read() {
			if (this.buffer.isEmpty()) {
				this.buffer = this.page.apply(this.after, PAGE);
			}
			T next = this.buffer.poll();
			if (next != null) {
				this.after = this.id.applyAsLong(next);
			}
			return next;
		}

	}

}
