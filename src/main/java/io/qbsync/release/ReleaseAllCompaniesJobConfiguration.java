package io.qbsync.release;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
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
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@value #JOB_NAME} job, on a schedule: releases every company's approved items that are ready (a retry whose
 * wait is over, a parent that reached QuickBooks), so they are queued before the next Web Connector session.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseAllCompaniesJobConfiguration {

	static final String JOB_NAME = "release-all-companies";

	private static final Logger log = LoggerFactory.getLogger(ReleaseAllCompaniesJobConfiguration.class);

	@Bean
	Job releaseAllCompaniesJob(JobRepository jobRepository, PlatformTransactionManager tx, CompanyService companies,
			ReleaseService releases) {
		// a job cannot start inside another job's transaction: each release runs outside the step's
		TransactionTemplate outsideTransaction = new TransactionTemplate(tx);
		outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder("release-all-companies-step", jobRepository).tasklet((contribution, context) -> {
				int released = 0;
				for (Company company : companies.list()) {
					try {
						if (outsideTransaction.execute((status) -> releases.release(company.id())).isPresent()) {
							released++;
						}
					}
					catch (RuntimeException ex) {
						log.warn("Release for company {} failed; the next run tries again", company.id(), ex);
					}
				}
				contribution.incrementWriteCount(released);
				return RepeatStatus.FINISHED;
			}, tx).build())
			.build();
	}

}
