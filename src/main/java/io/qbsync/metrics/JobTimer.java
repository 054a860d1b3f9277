package io.qbsync.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Times every job run: the release of a company's approved items ({@code release-approved-changes}), its scan
 * ({@code scan-changes}), the fan-out jobs over all companies and the purge. Tags: {@code job} (its name) and
 * {@code status} (how it ended: COMPLETED, FAILED, STOPPED). Listens on each job bean, so the job configurations
 * stay as they are.
 */
@Component
class JobTimer implements JobExecutionListener, SmartInitializingSingleton {

	static final String NAME = "qbsync.jobs";

	private final ObjectProvider<Job> jobs;

	private final MeterRegistry registry;

	private final Clock clock;

	JobTimer(ObjectProvider<Job> jobs, MeterRegistry registry, Clock clock) {
		this.clock = clock;
		this.jobs = jobs;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.jobs.orderedStream().forEach((job) -> {
			if (job instanceof AbstractJob listened) {
				listened.registerJobExecutionListener(this);
			}
		});
	}

	@Override
	public void afterJob(JobExecution execution) {
		LocalDateTime started = execution.getStartTime();
		if (started == null) {
			return;
		}
		Timer.builder(NAME)
			.description("Job runs, by job")
			.tag("job", execution.getJobInstance().getJobName())
			.tag("status", execution.getStatus().name())
			.register(this.registry)
			.record(Duration.between(started, LocalDateTime.now(this.clock)));
	}

}
