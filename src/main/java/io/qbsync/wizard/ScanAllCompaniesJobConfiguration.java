package io.qbsync.wizard;

import io.qbsync.company.CompanyService;
import io.qbsync.schedule.EachCompany;
import io.qbsync.system.InvalidInputException;
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
 * The {@value #JOB_NAME} job, run on the hourly schedule: starts {@code scan-changes} for every company, one after
 * the other, skipping a company whose scan is still running. Each company's scan is its own job execution.
 */
@Configuration(proxyBeanMethods = false)
class ScanAllCompaniesJobConfiguration {

	static final String JOB_NAME = "scan-all-companies";

	static final String STEP_NAME = "scan-each-company";

	private static final Logger log = LoggerFactory.getLogger(ScanAllCompaniesJobConfiguration.class);

	@Bean
	Job scanAllCompaniesJob(JobRepository jobRepository, PlatformTransactionManager tx, CompanyService companies,
			ScanService scans) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder(STEP_NAME, jobRepository)
				.tasklet(EachCompany.tasklet(companies, tx, (company) -> {
					try {
						scans.scan(company.id());
						return true;
					}
					catch (InvalidInputException ex) {
						log.info("Company {} skipped: {}", company.id(), ex.getMessage());
						return false;
					}
				}), tx)
				.build())
			.build();
	}

}
