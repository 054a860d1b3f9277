package io.qbsync.web;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.delivery.DeliveryExecutions;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.report.JobRestarts;
import io.qbsync.schedule.CompanyPartitions;
import io.qbsync.schedule.JobMetadata;
import io.qbsync.schedule.Progress;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Jobs: recent executions of the company's jobs (scans, releases, deliveries) with their steps' counts, and Restart
 * on a failed one, beside the recent runs for every company (the hourly scan, the nightly reconciliation) with their
 * partitions and the node that ran each. The page refreshes itself while one is running.
 */
@Controller
class JobsPage {

	private final CompanyAccess access;

	private final Header header;

	private final JobMetadata jobs;

	private final JobRepository repository;

	private final JobRestarts restarts;

	private final DeliveryExecutions deliveries;

	private final Clock clock;

	JobsPage(CompanyAccess access, Header header, JobMetadata jobs, JobRepository repository, JobRestarts restarts,
			DeliveryExecutions deliveries, Clock clock) {
		this.clock = clock;
		this.access = access;
		this.header = header;
		this.jobs = jobs;
		this.repository = repository;
		this.restarts = restarts;
		this.deliveries = deliveries;
	}

	@GetMapping("/companies/{companyId}/jobs")
	String jobs(@PathVariable long companyId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "jobs");
		List<JobExecution> executions = recent(companyId);
		model.addAttribute("executions", executions);
		model.addAttribute("rows", rows(company, executions, LocalDateTime.now(this.clock)));
		model.addAttribute("running",
				executions.stream().anyMatch((e) -> runningNow(e, LocalDateTime.now(this.clock))));
		return "jobs";
	}

	/**
	 * The running jobs' lines as the page shows them, for the page to follow without a reload: each step's counts and
	 * progress (done of total, rate, time left); a job missing from the answer has ended.
	 */
	@GetMapping(path = "/companies/{companyId}/jobs/progress", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	List<RunningJob> progress(@PathVariable long companyId, Authentication user) {
		Company company = this.access.require(user, companyId);
		LocalDateTime now = LocalDateTime.now(this.clock);
		List<JobExecution> running = recent(companyId).stream().filter((e) -> runningNow(e, now)).toList();
		return rows(company, running, now).stream()
			.map((row) -> new RunningJob(row.execution().getId(), row.status(), row.steps()))
			.toList();
	}

	/** One running job of the progress answer. */
	record RunningJob(long id, String status, List<String> steps) {
	}

	/** Running, and started within the hour (one still "running" after that is left over, not followed). */
	private static boolean runningNow(JobExecution e, LocalDateTime now) {
		return e.isRunning() && e.getStartTime() != null && e.getStartTime().isAfter(now.minusHours(1));
	}

	/**
	 * The company's last 50 job executions, and among them the last 10 runs of the jobs for every company; a running
	 * delivery with its counts so far.
	 */
	private List<JobExecution> recent(long companyId) {
		List<Long> ids = new java.util.ArrayList<>(this.jobs.executions(null, null, companyId, 50));
		ids.addAll(this.jobs.executionsOf(List.of("scan-all-companies", "reconcile-all-companies"), 10));
		return ids.stream()
			.sorted(java.util.Comparator.reverseOrder())
			.limit(50)
			.map(this.repository::getJobExecution)
			.map(this.deliveries::live)
			.toList();
	}

	/**
	 * One line of the Jobs page in plain words: what the job did for the company, its status, its steps' counts, and,
	 * for a failed one, either Restart or what its restart became.
	 *
	 * @param restartedAs the later run of the same job that restarted this failed one, if any
	 */
	record JobRow(JobExecution execution, String title, String status, List<String> steps, boolean restartable,
			JobExecution restartedAs, boolean followed) {

		/** "Restarted as run 41: finished", or null when it was not restarted. */
		public String restartOutcome() {
			return (this.restartedAs != null) ? "Restarted as run " + this.restartedAs.getId() + ": "
					+ JobsPage.status(this.restartedAs.getStatus()).toLowerCase() : null;
		}

	}

	private static List<JobRow> rows(Company company, List<JobExecution> executions, LocalDateTime now) {
		java.util.Map<Long, JobExecution> latest = new java.util.HashMap<>();
		for (JobExecution e : executions) {
			latest.merge(e.getJobInstance().getInstanceId(), e, (a, b) -> (a.getId() > b.getId()) ? a : b);
		}
		return executions.stream().map((e) -> {
			JobExecution last = latest.get(e.getJobInstance().getInstanceId());
			JobExecution restartedAs = (last != null && last.getId() > e.getId()) ? last : null;
			// a run for every company is restarted by its schedule or through the API, not from one company's page
			boolean restartable = e.getStatus() == BatchStatus.FAILED && restartedAs == null
					&& e.getJobParameters().getLong("companyId") != null;
			return new JobRow(e, title(e.getJobInstance().getJobName(), company.name()), status(e.getStatus()),
					e.getStepExecutions().stream().map((s) -> step(s, now)).toList(), restartable, restartedAs,
					runningNow(e, now));
		}).toList();
	}

	/** "Scan of Oak Hill's changes" for {@code scan-changes}. */
	static String title(String jobName, String company) {
		return switch (jobName) {
			case "scan-changes" -> "Scan of " + company + "'s changes";
			case "release-approved-changes" -> "Queueing " + company + "'s approved changes for QuickBooks";
			case "deliver-to-quickbooks" -> "Web Connector run: delivery to " + company + "'s QuickBooks";
			case "scan-all-companies" -> "Scan of every company";
			case "reconcile-all-companies" -> "Nightly reconciliation of every company";
			default -> {
				String words = jobName.replace('-', ' ');
				yield Character.toUpperCase(words.charAt(0)) + words.substring(1);
			}
		};
	}

	static String status(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> "Finished";
			case FAILED -> "Failed";
			case STARTING, STARTED -> "Running";
			case STOPPING, STOPPED -> "Stopped";
			case ABANDONED -> "Given up";
			default -> "Unknown";
		};
	}

	/** A step and its counts in words: "Changes in QuickBooks: 12 read, 10 handled, 2 skipped". */
	private static String step(StepExecution s, LocalDateTime now) {
		String progress = Progress.of(s, now);
		return counts(s) + ((progress != null) ? "; " + progress : "");
	}

	private static String counts(StepExecution s) {
		if (s.getStepName().contains(":partition")) {
			return partition(s);
		}
		long read = s.getReadCount();
		long written = s.getWriteCount();
		long skipped = s.getSkipCount();
		String running = (s.getStatus() == BatchStatus.STARTED) ? " (running)" : "";
		return switch (s.getStepName()) {
			case "scan-singleops-changes" -> "Changes in the field-service app: " + read + " read, " + written
					+ " sorted into the Sync Wizard" + skips(skipped) + running;
			case "scan-quickbooks-changes" -> "Changes in QuickBooks: " + read + " read, " + written
					+ " sorted into the Sync Wizard" + skips(skipped) + running;
			case "release" -> "Approved changes: " + read + " read, " + written + " queued for QuickBooks"
					+ skips(skipped) + running;
			case "deliver" -> "Sent to QuickBooks: " + read + ", succeeded: " + written + ", failed: "
					+ s.getExecutionContext().getLong("failed", 0)
					+ ((s.getExecutionContext().getLong("retried", 0) > 0)
							? ", to try again: " + s.getExecutionContext().getLong("retried", 0) : "")
					+ running;
			default -> s.getStepName().replace('-', ' ') + ": " + read + " read, " + written + " done"
					+ skips(skipped) + running;
		};
	}

	/** A part of a run for every company: "Partition 3, on node-1: 25 companies, 25 done". */
	private static String partition(StepExecution s) {
		String name = s.getStepName();
		String companies = s.getExecutionContext().getString(CompanyPartitions.COMPANIES, "");
		String state = switch (s.getStatus()) {
			case STARTING, STARTED -> " (running)";
			case FAILED -> " (failed)";
			default -> "";
		};
		return "Partition " + name.substring(name.indexOf(":partition") + ":partition".length()) + ", on "
				+ s.getExecutionContext().getString(CompanyPartitions.NODE, "no node yet") + ": "
				+ (companies.isEmpty() ? 0 : companies.split(",").length) + " companies, "
				+ s.getExecutionContext().getInt(CompanyPartitions.DONE, 0) + " done" + state;
	}

	private static String skips(long skipped) {
		return (skipped > 0) ? ", " + skipped + " skipped" : "";
	}

	@PostMapping("/companies/{companyId}/jobs/{executionId}/restart")
	String restart(@PathVariable long companyId, @PathVariable long executionId, Authentication user,
			RedirectAttributes flash) {
		Company company = this.access.require(user, companyId);
		JobExecution failed = this.restarts.find(executionId).orElse(null);
		Long owner = (failed != null) ? failed.getJobParameters().getLong("companyId") : null;
		if (failed == null || owner == null || owner != companyId) {
			throw new NotFoundException("Company " + companyId + " has no job execution " + executionId + ".");
		}
		String title = title(failed.getJobInstance().getJobName(), company.name());
		try {
			JobExecution restarted = this.restarts.restart(failed);
			switch (restarted.getStatus()) {
				case COMPLETED -> flash.addFlashAttribute("notice", "Restarted: " + title + " has finished.");
				case FAILED, ABANDONED, STOPPED -> flash.addFlashAttribute("error", "Restarted, but " + title
						+ " failed again" + reason(restarted) + ". Its row below shows what it did.");
				default -> flash.addFlashAttribute("notice", "Restarted: " + title + " is running; this page "
						+ "shows when it ends.");
			}
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", title + " was not restarted. " + ex.getMessage());
		}
		return "redirect:/companies/" + companyId + "/jobs";
	}

	private static String reason(JobExecution execution) {
		String description = execution.getExitStatus().getExitDescription();
		if (description == null || description.isBlank()) {
			return "";
		}
		String first = description.lines().findFirst().orElse("");
		return ": " + ((first.length() > 200) ? first.substring(0, 200) + "..." : first);
	}

}
