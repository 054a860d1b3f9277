package io.qbsync.release;

import io.qbsync.company.CompanyService;
import io.qbsync.schedule.EachCompany;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job, on a schedule: releases every company's approved items that are ready (a retry whose
 * wait is over, a parent that reached QuickBooks), so they are queued before the next Web Connector session.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseAllCompaniesJobConfiguration {

	static final String JOB_NAME = "release-all-companies";

	static final String STEP_NAME = "release-each-company";

	private static final Logger log = LoggerFactory.getLogger(ReleaseAllCompaniesJobConfiguration.class);

	@Bean
	Job releaseAllCompaniesJob(JobRepository jobRepository, PlatformTransactionManager tx, CompanyService companies,
			ReleaseService releases) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder(STEP_NAME, jobRepository)
				.tasklet(EachCompany.tasklet(companies, tx, (company) -> {
					try {
						return releases.release(company.id()).isPresent();
					}
					catch (RuntimeException ex) {
						log.warn("Release for company {} failed; the next run tries again", company.id(), ex);
						return false;
					}
				}), tx)
				.build())
			.build();
	}

}
