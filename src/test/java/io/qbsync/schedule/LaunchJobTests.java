package io.qbsync.schedule;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.quartz.SpringBeanJobFactory;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LaunchJob} as Quartz runs it: made by Spring's job factory, given the JobDetail and trigger the reconciler
 * stored, and checked against the JDBC job repository.
 */
class LaunchJobTests extends IntegrationTest {

	private static final String EXPIRE = "expire-webconnector-sessions";

	private final ApplicationContext context;

	private final Scheduler scheduler;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	LaunchJobTests(@Autowired ApplicationContext context, @Autowired Scheduler scheduler,
			@Autowired JobOperator jobOperator, @Autowired JobRepository jobRepository,
			@Autowired PlatformTransactionManager transactionManager) {
		this.context = context;
		this.scheduler = scheduler;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
	}

	@Test
	void firingTheScheduledJobStartsANewCompletedInstanceEachTime() throws Exception {
		JobExecution first = fire(EXPIRE);
		JobExecution second = fire(EXPIRE);

		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getJobInstance().getInstanceId()).isNotEqualTo(first.getJobInstance().getInstanceId());
		assertThat(second.getJobParameters().getLong("run.id"))
			.isEqualTo(first.getJobParameters().getLong("run.id") + 1);
		assertThat(first.getJobParameters().parameters()).extracting((p) -> p.name()).containsExactly("run.id");
	}

	@Test
	void aJobWithoutIncrementerRunsWithTheScheduleParametersUntilItsInstanceIsComplete() throws Exception {
		String name = "launch-job-tests-keyed";
		Job keyed = new JobBuilder(name, this.jobRepository)
			.start(new StepBuilder(name + "-step", this.jobRepository)
				.tasklet((contribution, chunk) -> RepeatStatus.FINISHED, this.transactionManager)
				.build())
			.build();
		String company = UUID.randomUUID().toString();
		LaunchJob launcher = new LaunchJob(this.jobOperator, List.of(keyed), this.context.getBean(CompanyPartitions.class),
				this.context.getBean(ClusterSettings.class));
		JobDataMap data = new JobDataMap(
				Map.of(LaunchJob.JOB_NAME, name, LaunchJob.PARAMETERS, Map.of("company", company)));

		launcher.execute(contextFor(launcher, data));
		launcher.execute(contextFor(launcher, data));

		JobParameters identifying = new JobParametersBuilder().addString("company", company).toJobParameters();
		JobInstance instance = this.jobRepository.getJobInstance(name, identifying);
		assertThat(instance).isNotNull();
		assertThat(this.jobRepository.getJobExecutions(instance)).singleElement()
			.satisfies((execution) -> assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED));
	}

	@Test
	void anUnknownJobNameFailsTheFiringWithTheName() {
		LaunchJob launcher = this.context.getAutowireCapableBeanFactory().createBean(LaunchJob.class);
		JobDataMap data = new JobDataMap(Map.of(LaunchJob.JOB_NAME, "no-such-job"));

		assertThatExceptionOfType(JobExecutionException.class)
			.isThrownBy(() -> launcher.execute(contextFor(launcher, data)))
			.withMessageContaining("no-such-job");
	}

	/** Fires the stored JobDetail and trigger of a schedule the way Quartz does, and answers the new execution. */
	private JobExecution fire(String jobName) throws Exception {
		JobInstance before = this.jobRepository.getLastJobInstance(jobName);
		JobDetail detail = this.scheduler.getJobDetail(JobKey.jobKey(jobName, ScheduleReconciler.GROUP));
		OperableTrigger trigger = (OperableTrigger) this.scheduler
			.getTrigger(ScheduleReconciler.triggerKey(jobName));
		Date now = new Date();
		TriggerFiredBundle bundle = new TriggerFiredBundle(detail, trigger, null, false, now, now, null,
				trigger.getNextFireTime());
		SpringBeanJobFactory factory = new SpringBeanJobFactory();
		factory.setApplicationContext(this.context);
		org.quartz.Job job = factory.newJob(bundle, this.scheduler);
		assertThat(job).isInstanceOf(LaunchJob.class);

		job.execute(new JobExecutionContextImpl(this.scheduler, bundle, job));

		JobInstance after = this.jobRepository.getLastJobInstance(jobName);
		assertThat(after).isNotNull();
		if (before != null) {
			assertThat(after.getInstanceId()).isGreaterThan(before.getInstanceId());
		}
		return this.jobRepository.getLastJobExecution(after);
	}

	private JobExecutionContext contextFor(LaunchJob launcher, JobDataMap data) throws Exception {
		JobDetail detail = org.quartz.JobBuilder.newJob(LaunchJob.class)
			.withIdentity("launch-job-tests", "test")
			.usingJobData(data)
			.build();
		OperableTrigger trigger = (OperableTrigger) org.quartz.TriggerBuilder.newTrigger()
			.withIdentity("launch-job-tests", "test")
			.forJob(detail)
			.startNow()
			.build();
		Date now = new Date();
		return new JobExecutionContextImpl(this.scheduler,
				new TriggerFiredBundle(detail, trigger, null, false, now, now, null, null), launcher);
	}

}
