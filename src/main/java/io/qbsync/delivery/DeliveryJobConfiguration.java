package io.qbsync.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.qbsync.schedule.JobMetadata;
import io.qbsync.wizard.Decisions;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.WizardItem;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value DeliveryExecutions#JOB_NAME} job as Spring Batch restarts it. A delivery runs inside a Web Connector
 * session ({@link DeliveryExecutions}); restarting a failed one runs this job's step: the delivery's failed items go
 * back to release (those whose record changed since are left to the wizard), and what never got an answer has
 * already been through the lost-response lookup. Items that succeeded are not touched, so nothing is sent twice.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryJobConfiguration {

	@Bean
	Job deliverToQuickBooksJob(JobRepository jobRepository, PlatformTransactionManager tx, JobMetadata jobs,
			ItemTransitions items, ItemQueries queries, Decisions decisions, Clock clock) {
		return new JobBuilder(DeliveryExecutions.JOB_NAME, jobRepository)
			.start(new StepBuilder(DeliveryExecutions.STEP_NAME, jobRepository).tasklet((contribution, context) -> {
				JobExecution current = context.getStepContext().getStepExecution().getJobExecution();
				Instant now = clock.instant();
				List<Long> executions = jobs.executionsOf(current.getJobInstance().getInstanceId());
				List<WizardItem> failed = queries.failedInDeliveries(executions);
				int requeued = 0;
				for (WizardItem item : failed) {
					if (items.requeue(item, current.getId(), now)) {
						decisions.record(item.companyId(), item.id(), Deliveries.SYSTEM, "RESTART",
								"delivery execution " + current.getId() + " restarted", now);
						requeued++;
					}
				}
				context.getStepContext().getStepExecution().getExecutionContext().putLong("failedBefore", failed.size());
				contribution.incrementWriteCount(requeued);
				context.getStepContext().getStepExecution().getExecutionContext().putLong("requeued", requeued);
				return RepeatStatus.FINISHED;
			}, tx).build())
			.build();
	}

}
