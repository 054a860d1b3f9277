package io.qbsync.wizard;

import io.qbsync.schedule.CompanyPartitions;
import io.qbsync.system.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@value #JOB_NAME} job, run on the hourly schedule: starts {@code scan-changes} for every company, one after
 * the other within a partition of the companies ({@link CompanyPartitions}, on this node or across the cluster),
 * skipping a company whose scan is still running. Each company's scan is its own job execution.
 */
@Configuration(proxyBeanMethods = false)
class ScanAllCompaniesJobConfiguration {

	static final String JOB_NAME = "scan-all-companies";

	static final String STEP_NAME = "scan-each-company";

	/** The partitions' step, one bean by this name on every node. */
	static final String WORKER_STEP_NAME = "scan-company";

	private static final Logger log = LoggerFactory.getLogger(ScanAllCompaniesJobConfiguration.class);

	@Bean(WORKER_STEP_NAME)
	Step scanCompanyStep(CompanyPartitions partitions, ScanService scans) {
		return partitions.worker(WORKER_STEP_NAME, (company) -> {
			try {
				scans.scan(company.id());
				return true;
			}
			catch (InvalidInputException ex) {
				log.info("Company {} skipped: {}", company.id(), ex.getMessage());
				return false;
			}
		});
	}

	@Bean
	Job scanAllCompaniesJob(JobRepository jobRepository, CompanyPartitions partitions,
			@Qualifier(WORKER_STEP_NAME) Step scanCompanyStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(partitions.manager(STEP_NAME, scanCompanyStep))
			.build();
	}

}
