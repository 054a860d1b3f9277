package io.qbsync.wizard;

import java.time.Clock;

import io.qbsync.quickbooks.LinkChecks;
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
 * The {@value #JOB_NAME} job, run nightly: for every company, asks the next Web Connector session to look up every
 * QuickBooks object a record is linked to (one QuickBooks no longer has is then flagged "deleted in QuickBooks", and
 * those lookups go before any export), and rescans both change sets from the start. The companies are split into
 * partitions ({@link CompanyPartitions}), run on this node or across the cluster.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileAllCompaniesJobConfiguration {

	static final String JOB_NAME = "reconcile-all-companies";

	static final String STEP_NAME = "reconcile-each-company";

	/** The partitions' step, one bean by this name on every node. */
	static final String WORKER_STEP_NAME = "reconcile-company";

	private static final Logger log = LoggerFactory.getLogger(ReconcileAllCompaniesJobConfiguration.class);

	@Bean(WORKER_STEP_NAME)
	Step reconcileCompanyStep(CompanyPartitions partitions, LinkChecks checks, ScanService scans, Clock clock) {
		return partitions.worker(WORKER_STEP_NAME, (company) -> {
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
		});
	}

	@Bean
	Job reconcileAllCompaniesJob(JobRepository jobRepository, CompanyPartitions partitions,
			@Qualifier(WORKER_STEP_NAME) Step reconcileCompanyStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(partitions.manager(STEP_NAME, reconcileCompanyStep))
			.build();
	}

}
