package io.qbsync.wizard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import io.qbsync.company.CompanyService;
import io.qbsync.quickbooks.ImportPlanner;
import io.qbsync.system.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Runs a company's scan: never two at once for one company (a MariaDB named lock, {@link ScanLocks}, so this holds
 * across nodes and ends with a node that dies), each run a new job instance numbered per company.
 */
@Service
public class ScanService {

	/** The name of a company's scan job. */
	public static final String JOB_NAME = ScanJobConfiguration.JOB_NAME;

	private static final Logger log = LoggerFactory.getLogger(ScanService.class);

	/**
	 * With the company's scan lock held, no live scan holds the company: a claim left in its row is a dead node's,
	 * and is taken over whatever its age.
	 */
	private static final Duration TAKE_OVER = Duration.ZERO;

	private final JobOperator jobOperator;

	private final Job scanJob;

	private final ScanCursors cursors;

	private final CompanyService companies;

	private final Clock clock;

	private final WizardItems items;

	private final ImportPlanner imports;

	private final ScanLocks locks;

	ScanService(JobOperator jobOperator, @Qualifier("scanChangesJob") Job scanJob, ScanCursors cursors,
			CompanyService companies, WizardItems items, ImportPlanner imports, ScanLocks locks, Clock clock) {
		this.locks = locks;
		this.items = items;
		this.imports = imports;
		this.jobOperator = jobOperator;
		this.scanJob = scanJob;
		this.cursors = cursors;
		this.companies = companies;
		this.clock = clock;
	}

	/** Scans now and answers the finished job execution; refuses (409) while another scan of the company runs. */
	public JobExecution scan(long companyId) {
		return scan(companyId, false);
	}

	/**
	 * Scans now; {@code fromStart} reads both change sets from their beginning (the nightly full reconciliation). The
	 * cursors are rewound only once this scan holds the company, so a scan still running elsewhere cannot undo it.
	 */
	public JobExecution scan(long companyId, boolean fromStart) {
		this.companies.get(companyId);
		try (ScanLocks.Held lock = this.locks.tryLock(companyId)
			.orElseThrow(() -> running(companyId, "Its items appear when it ends."))) {
			return scanHolding(companyId, fromStart);
		}
	}

	private JobExecution scanHolding(long companyId, boolean fromStart) {
		OptionalLong run = this.cursors.claim(companyId, this.clock.instant(), TAKE_OVER);
		if (run.isEmpty()) {
			throw running(companyId, "Its items appear when it ends.");
		}
		try {
			if (fromStart) {
				this.cursors.rewind(companyId);
			}
			else if (firstReadDone(companyId)) {
				// Adds held for QuickBooks' first read of their list are planned again, now that matching can tell
				this.cursors.rewindSingleOps(companyId);
			}
			JobParameters parameters = new JobParametersBuilder().addLong("companyId", companyId)
				.addLong("run", run.getAsLong())
				.toJobParameters();
			JobExecution execution = this.jobOperator.start(this.scanJob, parameters);
			log.info("Scan {} of company {}: execution {} {}", run.getAsLong(), companyId, execution.getId(),
					execution.getStatus());
			return execution;
		}
		catch (InvalidInputException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("The scan of company " + companyId + " could not start", ex);
		}
		finally {
			this.cursors.release(companyId, run.getAsLong());
		}
	}

	/** Whether an Add waits for the first read of a QuickBooks list that has been read by now. */
	private boolean firstReadDone(long companyId) {
		List<String> waiting = this.items.waitingForFirstRead(companyId);
		if (waiting.isEmpty()) {
			return false;
		}
		java.util.Set<String> unread = this.imports.neverRead(companyId);
		return waiting.stream().anyMatch((type) -> !unread.contains(type));
	}

	/**
	 * Restarts a failed scan of the company: the same job instance carries on from the cursors its last committed
	 * chunk left, so nothing is read twice into a second item.
	 */
	public JobExecution restart(long companyId, JobExecution failed) {
		Long owner = failed.getJobParameters().getLong("companyId");
		if (owner == null || owner != companyId) {
			throw new IllegalArgumentException("Execution " + failed.getId() + " is not a scan of company " + companyId);
		}
		try (ScanLocks.Held lock = this.locks.tryLock(companyId)
			.orElseThrow(() -> running(companyId, "Restart the failed one when it ends."))) {
			return restartHolding(companyId, failed);
		}
	}

	private JobExecution restartHolding(long companyId, JobExecution failed) {
		OptionalLong run = this.cursors.claim(companyId, this.clock.instant(), TAKE_OVER);
		if (run.isEmpty()) {
			throw running(companyId, "Restart the failed one when it ends.");
		}
		try {
			JobExecution execution = this.jobOperator.restart(failed);
			log.info("Restarted scan of company {}: execution {} {}", companyId, execution.getId(), execution.getStatus());
			return execution;
		}
		catch (Exception ex) {
			throw new IllegalStateException("The scan of company " + companyId + " could not be restarted", ex);
		}
		finally {
			this.cursors.release(companyId, run.getAsLong());
		}
	}

	private static InvalidInputException running(long companyId, String what) {
		return new InvalidInputException(HttpStatus.CONFLICT,
				"A scan of company " + companyId + " is already running. " + what, java.util.List.of());
	}

}
