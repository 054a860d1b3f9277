package io.qbsync.wizard;

import java.time.Clock;

import io.qbsync.company.CompanyService;
import io.qbsync.quickbooks.LinkChecks;
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
 * The {@value #JOB_NAME} job, run nightly: for every company, asks the next Web Connector session to look up every
 * QuickBooks object a record is linked to (one QuickBooks no longer has is then flagged "deleted in QuickBooks", and
 * those lookups go before any export), and rescans both change sets from the start.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileAllCompaniesJobConfiguration {

	static final String JOB_NAME = "reconcile-all-companies";

	static final String STEP_NAME = "reconcile-each-company";

	private static final Logger log = LoggerFactory.getLogger(ReconcileAllCompaniesJobConfiguration.class);

	@Bean
	Job reconcileAllCompaniesJob(JobRepository jobRepository, PlatformTransactionManager tx, CompanyService companies,
			LinkChecks checks, ScanService scans, Clock clock) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder(STEP_NAME, jobRepository)
				.tasklet(EachCompany.tasklet(companies, tx, (company) -> {
					int links = checks.requestAll(company.id(), clock.instant());
					try {
						scans.scan(company.id(), true);
						return true;
					}
					catch (InvalidInputException ex) {
						log.info("Company {}: full rescan skipped ({}); its {} link check(s) still go", company.id(),
								ex.getMessage(), links);
						return false;
					}
				}), tx)
				.build())
			.build();
	}

}
