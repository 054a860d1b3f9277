package io.qbsync.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The one Quartz job class: when a schedule's trigger fires, it starts the Spring Batch job named in the
 * JobDetail's data through the {@link JobOperator}, on the Quartz thread, and waits for it to end.
 *
 * <p>
 * A job with an incrementer (housekeeping jobs have a {@code RunIdIncrementer}) gets a new instance per run through
 * {@link JobOperator#startNextInstance(Job)}; a job without one is started with the schedule's identifying
 * parameters, so a failed instance is restarted and a completed one is not run again. A fan-out job that failed in its
 * partitions (a node shut down in the middle of one, say) is restarted straight away, up to
 * {@code qbsync.cluster.restarts} times: only its partitions that did not complete run again, on whichever nodes take
 * them. Quartz stores this class by name in {@code QRTZ_JOB_DETAILS}: moving or renaming it needs the schedules
 * reconciled again (a restart does it).
 */
@DisallowConcurrentExecution
public class LaunchJob extends QuartzJobBean {

	/** JobDataMap key: the Spring Batch job's name. */
	public static final String JOB_NAME = "jobName";

	/** JobDataMap key: the schedule's parameters, a {@code Map<String, String>}. */
	public static final String PARAMETERS = "parameters";

	private static final Logger log = LoggerFactory.getLogger(LaunchJob.class);

	private final JobOperator jobOperator;

	private final List<Job> jobs;

	private final CompanyPartitions partitions;

	private final ClusterSettings settings;

	LaunchJob(JobOperator jobOperator, List<Job> jobs, CompanyPartitions partitions, ClusterSettings settings) {
		this.jobOperator = jobOperator;
		this.jobs = jobs;
		this.partitions = partitions;
		this.settings = settings;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
		JobDataMap data = context.getMergedJobDataMap();
		String name = data.getString(JOB_NAME);
		Job job = this.jobs.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new JobExecutionException("No Spring Batch job is named '" + name + "'"));
		MDC.put("job", name);
		try {
			JobExecution execution = launch(job, parametersOf(data));
			for (int restart = 1; execution != null && restart <= this.settings.restarts()
					&& !this.partitions.stopping() && this.partitions.failedInPartitions(execution); restart++) {
				log.warn("Job {} execution {} failed in its partitions: restart {} of at most {}", name,
						execution.getId(), restart, this.settings.restarts());
				execution = restart(execution);
			}
			if (execution != null) {
				log.info("Launched job {}: execution {} {}", name, execution.getId(), execution.getStatus());
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					log.warn("Job {} execution {} ended {}: {}", name, execution.getId(), execution.getStatus(),
							execution.getExitStatus().getExitDescription());
				}
			}
		}
		finally {
			MDC.remove("job");
		}
	}

	/** Starts the job and answers its execution, or null when there was nothing to start. */
	private @Nullable JobExecution launch(Job job, Map<String, String> parameters) throws JobExecutionException {
		try {
			if (job.getJobParametersIncrementer() != null) {
				return this.jobOperator.startNextInstance(job);
			}
			JobParametersBuilder builder = new JobParametersBuilder();
			parameters.forEach(builder::addString);
			JobParameters identifying = builder.toJobParameters();
			return this.jobOperator.start(job, identifying);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			log.info("Job {} not launched: the instance for {} is already complete", job.getName(), parameters);
			return null;
		}
		catch (Exception ex) {
			if (alreadyRunning(ex)) {
				log.warn("Job {} not launched: an execution of it is still running", job.getName());
				return null;
			}
			throw new JobExecutionException("Could not launch job " + job.getName(), ex, false);
		}
	}

	private JobExecution restart(JobExecution failed) throws JobExecutionException {
		try {
			return this.jobOperator.restart(failed);
		}
		catch (Exception ex) {
			throw new JobExecutionException("Could not restart execution " + failed.getId(), ex, false);
		}
	}

	private static boolean alreadyRunning(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof JobExecutionAlreadyRunningException) {
				return true;
			}
		}
		return false;
	}

	private static Map<String, String> parametersOf(JobDataMap data) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (data.get(PARAMETERS) instanceof Map<?, ?> map) {
			map.forEach((key, value) -> parameters.put(String.valueOf(key), String.valueOf(value)));
		}
		return parameters;
	}

}
