package io.qbsync.report;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.qbsync.delivery.DeliveryExecutions;
import io.qbsync.schedule.JobMetadata;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Job executions (scans, releases, deliveries, schedules) with their steps' counts, and restarting a failed one. */
@RestController
@RequestMapping("/api/jobs/executions")
class JobsController {

	private final JobMetadata jobs;

	private final JobRepository repository;

	private final JobRestarts restarts;

	private final DeliveryExecutions deliveries;

	JobsController(JobMetadata jobs, JobRepository repository, JobRestarts restarts, DeliveryExecutions deliveries) {
		this.jobs = jobs;
		this.repository = repository;
		this.restarts = restarts;
		this.deliveries = deliveries;
	}

	/** Recent executions, newest first; optionally of one status, one job, or one company. */
	@GetMapping
	List<Summary> list(@RequestParam(required = false) String status, @RequestParam(required = false) String job,
			@RequestParam(required = false) Long companyId, @RequestParam(defaultValue = "50") int limit) {
		if (status != null) {
			try {
				BatchStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException("Unknown status \"" + status + "\".", List.of(new FieldProblem("status",
						"must be one of COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN")));
			}
		}
		return this.jobs.executions(upper(status), job, companyId, Math.min(Math.max(limit, 1), 500))
			.stream()
			.map(this.repository::getJobExecution)
			.map(Summary::of)
			.toList();
	}

	/** One execution with its steps and their metadata; a running delivery's counts as they stand. */
	@GetMapping("/{id}")
	Detail get(@PathVariable long id) {
		JobExecution execution = this.deliveries.live(find(id));
		return new Detail(Summary.of(execution), execution.getStepExecutions().stream().map(Step::of).toList());
	}

	/** Restarts a failed or stopped execution: only what failed or never got an answer runs again. */
	@PostMapping("/{id}/restart")
	Summary restart(@PathVariable long id) {
		return Summary.of(this.restarts.restart(find(id)));
	}

	private JobExecution find(long id) {
		return this.restarts.find(id).orElseThrow(() -> new NotFoundException("There is no job execution " + id + "."));
	}

	private static String upper(String s) {
		return (s != null) ? s.strip().toUpperCase(java.util.Locale.ROOT) : null;
	}

	record Summary(long id, String job, String status, String exitCode, String exitDescription,
			Map<String, String> parameters, LocalDateTime startTime, LocalDateTime endTime) {

		static Summary of(JobExecution e) {
			return new Summary(e.getId(), e.getJobInstance().getJobName(), e.getStatus().name(),
					e.getExitStatus().getExitCode(), e.getExitStatus().getExitDescription(),
					e.getJobParameters().parameters().stream()
						.collect(Collectors.toMap((p) -> p.name(), (p) -> String.valueOf(p.value()), (a, b) -> a,
								java.util.TreeMap::new)),
					e.getStartTime(), e.getEndTime());
		}

	}

	record Detail(Summary execution, List<Step> steps) {
	}

	/** A step with its counts and its context (a delivery's sent/succeeded/failed/retried and failed item ids). */
	record Step(long id, String name, String status, long readCount, long writeCount, long filterCount,
			long skipCount, long commitCount, long rollbackCount, Map<String, Object> context, LocalDateTime startTime,
			LocalDateTime endTime) {

		static Step of(StepExecution s) {
			Map<String, Object> context = new java.util.TreeMap<>();
			s.getExecutionContext().entrySet().forEach((e) -> {
				if (!e.getKey().startsWith("batch.")) {
					context.put(e.getKey(), e.getValue());
				}
			});
			return new Step(s.getId(), s.getStepName(), s.getStatus().name(), s.getReadCount(), s.getWriteCount(),
					s.getFilterCount(), s.getSkipCount(), s.getCommitCount(), s.getRollbackCount(), context,
					s.getStartTime(), s.getEndTime());
		}

	}

}
