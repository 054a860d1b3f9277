package io.qbsync.webconnector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job: ends Web Connector sessions that have gone quiet for longer than the session timeout
 * and marks their sent-but-unanswered documents UNCERTAIN, {@value #BATCH_SIZE} sessions per transaction.
 *
 * <p>
 * The work is chosen by state ({@code OPEN} and not seen within the timeout), so the job keeps no cursor: a run
 * that fails leaves the rest OPEN for the next run, which is a new instance ({@link RunIdIncrementer}). The number of
 * sessions expired is the step's write count and the {@value #EXPIRED_COUNT} entry of its execution context.
 */
@Configuration(proxyBeanMethods = false)
class ExpireSessionsJobConfiguration {

	static final String JOB_NAME = "expire-webconnector-sessions";

	static final String STEP_NAME = "expire-stale-sessions";

	static final String EXPIRED_COUNT = "expired.count";

	static final int BATCH_SIZE = 500;

	private static final Logger log = LoggerFactory.getLogger(ExpireSessionsJobConfiguration.class);

	@Bean
	Job expireWebConnectorSessionsJob(JobRepository jobRepository, Step expireWebConnectorSessionsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(expireWebConnectorSessionsStep)
			.build();
	}

	@Bean
	Step expireWebConnectorSessionsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			WebConnectorService webConnector) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet(expireStaleSessions(webConnector), transactionManager)
			.build();
	}

	/**
	 * One call per step transaction: a full batch asks to be called again, a short one ends the step. Each batch
	 * commits on its own, together with the step's counts.
	 */
	private static Tasklet expireStaleSessions(WebConnectorService webConnector) {
		return (contribution, chunkContext) -> {
			int expired = webConnector.expireStaleSessions(BATCH_SIZE);
			contribution.incrementWriteCount(expired);
			ExecutionContext context = contribution.getStepExecution().getExecutionContext();
			long total = context.getLong(EXPIRED_COUNT, 0L) + expired;
			context.putLong(EXPIRED_COUNT, total);
			if (expired < BATCH_SIZE) {
				log.info("Job {}: {} stale session(s) expired", JOB_NAME, total);
				return RepeatStatus.FINISHED;
			}
			return RepeatStatus.CONTINUABLE;
		};
	}

}
