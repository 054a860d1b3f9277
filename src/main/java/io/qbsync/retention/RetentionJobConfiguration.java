package io.qbsync.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import io.qbsync.system.AdminLoginSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job: keeps the tables from growing without end, one step per kind of row, each purging in
 * batches of {@code qbsync.retention.batch-size} (one transaction each, so no delete holds many locks for long).
 * What the Sync Report, Unsynced Entities, the audit trail, the host app's feed and job restarts read is never
 * purged; see {@link Purges} for who purges what (the exact rules are the owners') and {@link RetentionSettings}
 * for the ages.
 *
 * <p>
 * Work is chosen by age and state, so a run keeps no cursor: a failed run leaves the rest for the next, which is a
 * new instance ({@link RunIdIncrementer}). Each step's write count, and the {@value #PURGED_COUNT} entry of its
 * execution context, is the number of rows (job instances, for the metadata) it purged.
 */
@Configuration(proxyBeanMethods = false)
class RetentionJobConfiguration {

	static final String JOB_NAME = "purge-old-data";

	static final String PURGED_COUNT = "purged.count";

	private static final Logger log = LoggerFactory.getLogger(RetentionJobConfiguration.class);

	@Bean
	Job purgeOldDataJob(JobRepository jobRepository, PlatformTransactionManager tx, Purges purges,
			RetentionSettings retention, AdminLoginSettings adminLogin,
			Clock clock) {
		int batch = retention.batchSize();
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(step("purge-outbox-bodies", jobRepository, tx, batch,
					(now) -> purges.outboxBodies(now.minus(retention.outboxBodies()), now, batch), clock))
			.next(step("purge-webconnector-sessions", jobRepository, tx, batch,
					(now) -> purges.sessions(now.minus(retention.sessions()), batch), clock))
			.next(step("purge-login-failures", jobRepository, tx, batch,
					// the Web Connector's own throttle rows are forgotten by expire-webconnector-sessions
					(now) -> purges.adminLoginFailures(now.minus(adminLogin.failedLoginWindow()), now, batch),
					clock))
			.next(step("purge-superseded-change-versions", jobRepository, tx, batch,
					(now) -> purges.changeVersions(now.minus(retention.changeVersions()), batch), clock))
			.next(step("purge-feed", jobRepository, tx, batch,
					(now) -> purges.feed(now.minus(retention.feed()), batch), clock))
			.next(step("purge-job-metadata", jobRepository, tx, batch, (now) -> purges
				.jobMetadata(now.minus(retention.jobMetadata()), now.minus(retention.failedJobMetadata()), batch), clock))
			.build();
	}

	/**
	 * A step that calls {@code purge} once per transaction: a batch that purged less than the batch size ends the
	 * step, a full one asks to be called again.
	 */
	private static Step step(String name, JobRepository jobRepository, PlatformTransactionManager tx, int batch,
			Function<Instant, Integer> purge, Clock clock) {
		return new StepBuilder(name, jobRepository).tasklet((contribution, chunkContext) -> {
			int purged = purge.apply(clock.instant());
			contribution.incrementWriteCount(purged);
			ExecutionContext context = contribution.getStepExecution().getExecutionContext();
			long total = context.getLong(PURGED_COUNT, 0L) + purged;
			context.putLong(PURGED_COUNT, total);
			if (purged < batch) {
				log.info("Job {}: step {} purged {}", JOB_NAME, name, total);
				return RepeatStatus.FINISHED;
			}
			return RepeatStatus.CONTINUABLE;
		}, tx).build();
	}

}
