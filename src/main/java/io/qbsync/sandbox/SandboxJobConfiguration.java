package io.qbsync.sandbox;

import io.qbsync.system.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job, on a schedule: runs the built-in Web Connector of every sandbox company that is due
 * (its run-every minutes have passed since its last run), as the real Web Connector runs on its own schedule.
 */
@Configuration(proxyBeanMethods = false)
class SandboxJobConfiguration {

	static final String JOB_NAME = "run-sandbox-web-connectors";

	private static final Logger log = LoggerFactory.getLogger(SandboxJobConfiguration.class);

	@Bean
	Job runSandboxWebConnectorsJob(JobRepository jobRepository, PlatformTransactionManager tx,
			SandboxService sandboxes) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder("run-sandbox-web-connectors-step", jobRepository).tasklet((contribution, context) -> {
				int ran = 0;
				for (long companyId : sandboxes.due()) {
					try {
						sandboxes.runWebConnector(companyId);
						ran++;
					}
					catch (InvalidInputException ex) {
						log.debug("Sandbox company {} skipped: {}", companyId, ex.getMessage());
					}
					catch (RuntimeException ex) {
						log.warn("Sandbox Web Connector of company {} failed; the next run tries again", companyId, ex);
					}
				}
				contribution.incrementWriteCount(ran);
				return RepeatStatus.FINISHED;
			}, tx).build())
			.build();
	}

}
