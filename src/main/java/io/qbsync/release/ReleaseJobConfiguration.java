package io.qbsync.release;

import java.time.Clock;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.outbox.Outbox;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.schedule.Progress;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SyncSettings;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job: one company's approved export items, in dependency order, become qbXML documents in
 * its outbox. One chunk is one document (bounded by {@code qbsync.sync.max-requests-per-batch} requests and
 * {@code max-batch-bytes}); the document and its items' move to Pending commit together.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseJobConfiguration {

	static final String JOB_NAME = "release-approved-changes";

	static final String STEP_NAME = "release";

	@Bean
	Job releaseApprovedChangesJob(JobRepository jobRepository, Step releaseStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(releaseStep).build();
	}

	@Bean
	Step releaseStep(JobRepository jobRepository, PlatformTransactionManager tx,
			ItemReader<ReleaseCandidate> releaseReader, ItemProcessor<ReleaseCandidate, Release> releaseProcessor, ItemWriter<Release> releaseWriter, SyncSettings settings,
			ItemQueries items, Clock clock) {
		return new StepBuilder(STEP_NAME, jobRepository).<ReleaseCandidate, Release>chunk(settings.maxRequestsPerBatch())
			.transactionManager(tx)
			.listener(Progress.counting((company) -> items.countReleasable(company, clock.instant())))
			.reader(releaseReader)
			.processor(releaseProcessor)
			.writer(releaseWriter)
			.build();
	}

	@Bean
	@StepScope
	ItemReader<ReleaseCandidate> releaseReader(@Value("#{jobParameters['companyId']}") Long companyId,
			ItemQueries items, SingleOpsRecords records, SyncSettings settings, Clock clock) {
		return new ReleaseReader(companyId, items, records, clock, settings.maxRequestsPerBatch());
	}

	@Bean
	@StepScope
	ItemProcessor<ReleaseCandidate, Release> releaseProcessor(@Value("#{jobParameters['companyId']}") Long companyId,
			@Value("#{jobParameters['qbxmlVersion']}") String version, CompanyService companies, ReleasePlanner planner) {
		Company company = companies.get(companyId);
		QbxmlVersion qbxml = QbxmlVersion.parse(version).orElseThrow();
		return (candidate) -> planner.plan(candidate, company, qbxml);
	}

	@Bean
	@StepScope
	ItemWriter<Release> releaseWriter(@Value("#{jobParameters['companyId']}") Long companyId,
			@Value("#{jobParameters['qbxmlVersion']}") String version, ItemTransitions items, ItemQueries queries,
			Outbox outbox, SyncSettings settings, Clock clock) {
		return new ReleaseWriter(companyId, QbxmlVersion.parse(version).orElseThrow(), items, queries, outbox, settings, clock);
	}

}
