package io.qbsync.web;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Long jobs show how far they have got on the Jobs page: done of total, the rate and the time left. */
class JobProgressPageTests extends IntegrationTest {

	@Autowired
	JobRepository repository;

	@Test
	@SuppressWarnings("unchecked")
	void aScanCountsItsWorkAsItStarts() {
		TestCompany company = TestCompanies.create(api(), "Progress Counted");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		for (int i = 1; i <= 3; i++) {
			steps.put(company, "customers", "C-" + i, "{\"name\": \"Counted Customer " + i + "\"}");
		}
		steps.scan(company);

		List<Map<String, Object>> scans = api().get()
			.uri("/api/jobs/executions?job=scan-changes&companyId={id}", company.id())
			.retrieve()
			.body(List.class);
		Map<String, Object> detail = api().get()
			.uri("/api/jobs/executions/{id}", ((Number) scans.get(0).get("id")).longValue())
			.retrieve()
			.body(Map.class);
		assertThat((List<Map<String, Object>>) detail.get("steps")).filteredOn((s) -> "scan-singleops-changes"
			.equals(s.get("name"))).singleElement().satisfies((s) -> assertThat((Map<String, Object>) s.get("context"))
				.containsEntry("total", 3));
	}

	@Test
	void aRunningScanShowsDoneOfTotalTheRateAndTheTimeLeftAndTheAnswerFollowsIt() {
		TestCompany company = TestCompanies.create(api(), "Progress Shown");
		StepExecution step = running(this.repository, company.id(), 1200, 5000);
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();

		String page = admin.open("/companies/" + company.id() + "/jobs").body();
		assertThat(page).contains("1,200 of 5,000 (24%)").containsPattern("\\d+ a second, about \\d+ (s|min) left")
			.contains("data-progress=\"/companies/" + company.id() + "/jobs/progress\"")
			.doesNotContain("http-equiv=\"refresh\"");
		String progress = admin.open("/companies/" + company.id() + "/jobs/progress").body();
		assertThat(progress).contains("\"id\":" + step.getJobExecution().getId(), "1,200 of 5,000 (24%)");

		step.setReadCount(2500);
		this.repository.update(step);
		assertThat(admin.open("/companies/" + company.id() + "/jobs/progress").body()).contains("2,500 of 5,000 (50%)");

		end(this.repository, step);
		assertThat(admin.open("/companies/" + company.id() + "/jobs/progress").body()).isEqualTo("[]");
		assertThat(admin.open("/companies/" + company.id() + "/jobs").body()).doesNotContain("data-progress")
			.doesNotContain("of 5,000");
	}

	/** A scan of the company as if it had read {@code read} of {@code total} changes in the last ten seconds. */
	static StepExecution running(JobRepository repository, long companyId, long read, long total) {
		JobParameters parameters = new JobParametersBuilder().addLong("companyId", companyId)
			.addLong("run", System.nanoTime())
			.toJobParameters();
		JobInstance instance = repository.createJobInstance("scan-changes", parameters);
		JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
		LocalDateTime started = LocalDateTime.now().minusSeconds(10);
		execution.setStartTime(started);
		execution.setStatus(BatchStatus.STARTED);
		repository.update(execution);
		StepExecution step = repository.createStepExecution("scan-singleops-changes", execution);
		step.setStartTime(started);
		step.setStatus(BatchStatus.STARTED);
		step.setReadCount(read);
		step.setWriteCount(read);
		step.getExecutionContext().putLong("total", total);
		repository.update(step);
		repository.updateExecutionContext(step);
		return step;
	}

	static void end(JobRepository repository, StepExecution step) {
		step.setStatus(BatchStatus.COMPLETED);
		step.setEndTime(LocalDateTime.now());
		repository.update(step);
		JobExecution execution = step.getJobExecution();
		execution.setStatus(BatchStatus.COMPLETED);
		execution.setEndTime(LocalDateTime.now());
		repository.update(execution);
	}

}
