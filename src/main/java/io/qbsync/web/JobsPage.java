package io.qbsync.web;

import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.wizard.ScanService;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Jobs: recent executions of the company's jobs (scans, releases, deliveries) with their steps' counts, and Restart
 * on a failed one. The page refreshes itself while one is running.
 */
@Controller
class JobsPage {

	private final CompanyAccess access;

	private final Header header;

	private final JdbcClient jdbc;

	private final JobRepository repository;

	private final JobOperator operator;

	private final ScanService scans;

	JobsPage(CompanyAccess access, Header header, JdbcClient jdbc, JobRepository repository, JobOperator operator,
			ScanService scans) {
		this.access = access;
		this.header = header;
		this.jdbc = jdbc;
		this.repository = repository;
		this.operator = operator;
		this.scans = scans;
	}

	@GetMapping("/companies/{companyId}/jobs")
	String jobs(@PathVariable long companyId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "jobs");
		List<JobExecution> executions = this.jdbc.sql("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
				WHERE EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
					AND p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = ?)
				ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 50
				""").param(Long.toString(companyId)).query(Long.class).list().stream()
			.map(this.repository::getJobExecution)
			.toList();
		model.addAttribute("executions", executions);
		// refresh while a job runs (one started over an hour ago and still "running" is left over, not refreshed for)
		java.time.LocalDateTime hourAgo = java.time.LocalDateTime.now().minusHours(1);
		model.addAttribute("running", executions.stream()
			.anyMatch((e) -> e.isRunning() && e.getStartTime() != null && e.getStartTime().isAfter(hourAgo)));
		return "jobs";
	}

	@PostMapping("/companies/{companyId}/jobs/{executionId}/restart")
	String restart(@PathVariable long companyId, @PathVariable long executionId, Authentication user,
			RedirectAttributes flash) {
		this.access.require(user, companyId);
		JobExecution failed = this.repository.getJobExecution(executionId);
		Long owner = (failed != null) ? failed.getJobParameters().getLong("companyId") : null;
		if (failed == null || owner == null || owner != companyId) {
			throw new NotFoundException("Company " + companyId + " has no job execution " + executionId + ".");
		}
		if (failed.getStatus() != BatchStatus.FAILED) {
			flash.addFlashAttribute("error", "Only a failed job can be restarted; this one is " + failed.getStatus() + ".");
			return "redirect:/companies/" + companyId + "/jobs";
		}
		try {
			JobExecution restarted = "scan-changes".equals(failed.getJobInstance().getJobName())
					? this.scans.restart(companyId, failed) : this.operator.restart(failed);
			flash.addFlashAttribute("notice", "Restarted: " + failed.getJobInstance().getJobName() + " is now "
					+ restarted.getStatus().name().toLowerCase() + ".");
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		catch (Exception ex) {
			flash.addFlashAttribute("error", "The job could not be restarted: " + ex.getMessage());
		}
		return "redirect:/companies/" + companyId + "/jobs";
	}

}
