package io.qbsync.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qbsync.schedule.ScheduleReconciler.InvalidScheduleException;
import io.qbsync.schedule.ScheduleReconciler.Planned;
import io.qbsync.schedule.ScheduleSettings.JobSchedule;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger.TriggerState;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The reconciler's checks and its Quartz calls, against a mocked scheduler. */
class ScheduleReconcilerTests {

	private final Scheduler scheduler = mock(Scheduler.class);

	@Test
	void refusesAnEntryThatNamesNoJob() {
		ScheduleReconciler reconciler = reconciler(Map.of("expire-everything", JobSchedule.of("0 * * * * ?", "UTC")),
				housekeepingJob("purge-batch-metadata"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.withMessageContaining("qbsync.schedule.jobs.expire-everything: no Spring Batch job is named "
					+ "'expire-everything'")
			.withMessageContaining("purge-batch-metadata");
		verifyNoInteractions(this.scheduler);
	}

	@Test
	void refusesAnInvalidCronExpression() {
		ScheduleReconciler reconciler = reconciler(
				Map.of("purge-batch-metadata", JobSchedule.of("every 5 minutes", "UTC")),
				housekeepingJob("purge-batch-metadata"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.withMessageContaining("qbsync.schedule.jobs.purge-batch-metadata.cron: 'every 5 minutes' is not a valid "
					+ "Quartz cron expression");
		verifyNoInteractions(this.scheduler);
	}

	@Test
	void refusesAnEnabledEntryWithoutCron() {
		ScheduleReconciler reconciler = reconciler(
				Map.of("purge-batch-metadata", new JobSchedule(null, "UTC", true, Map.of())),
				housekeepingJob("purge-batch-metadata"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.withMessageContaining("qbsync.schedule.jobs.purge-batch-metadata.cron: missing");
	}

	@Test
	void refusesAnUnknownTimeZone() {
		ScheduleReconciler reconciler = reconciler(
				Map.of("purge-batch-metadata", JobSchedule.of("0 0 3 * * ?", "Mars/Olympus_Mons")),
				housekeepingJob("purge-batch-metadata"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.withMessageContaining("qbsync.schedule.jobs.purge-batch-metadata.zone: 'Mars/Olympus_Mons'");
	}

	@Test
	void refusesParametersTheJobOperatorWouldIgnoreAndJobsThatCouldRunOnlyOnce() {
		Map<String, JobSchedule> jobs = new LinkedHashMap<>();
		jobs.put("purge-batch-metadata", new JobSchedule("0 0 3 * * ?", "UTC", true, Map.of("older-than", "30d")));
		jobs.put("import-once", JobSchedule.of("0 0 3 * * ?", "UTC"));
		ScheduleReconciler reconciler = reconciler(jobs, housekeepingJob("purge-batch-metadata"),
				keyedJob("import-once"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2))
			.withMessageContaining("qbsync.schedule.jobs.purge-batch-metadata.parameters")
			.withMessageContaining("qbsync.schedule.jobs.import-once: job 'import-once' has no incrementer");
	}

	@Test
	void reportsEveryBadEntryAtOnce() {
		Map<String, JobSchedule> jobs = new LinkedHashMap<>();
		jobs.put("nope", JobSchedule.of("0 * * * * ?", "UTC"));
		jobs.put("purge-batch-metadata", JobSchedule.of("61 * * * * ?", "UTC"));
		ScheduleReconciler reconciler = reconciler(jobs, housekeepingJob("purge-batch-metadata"));

		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(reconciler::reconcile)
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2)
				.anySatisfy((p) -> assertThat(p).startsWith("qbsync.schedule.jobs.nope:"))
				.anySatisfy((p) -> assertThat(p).startsWith("qbsync.schedule.jobs.purge-batch-metadata.cron:")));
	}

	@Test
	void plansADurableLaunchJobAndACronTriggerInItsZoneThatFiresOnceAfterAMisfire() {
		Map<String, JobSchedule> jobs = new LinkedHashMap<>();
		jobs.put("purge-batch-metadata", JobSchedule.of("0 30 2 * * ?", "America/Chicago"));
		jobs.put("expire-webconnector-sessions", new JobSchedule("0 */5 * * * ?", "UTC", false, Map.of()));
		jobs.put("import-customers", new JobSchedule("0 0 * * * ?", "UTC", true, Map.of("source", "singleops")));
		ScheduleReconciler reconciler = reconciler(jobs, housekeepingJob("purge-batch-metadata"),
				housekeepingJob("expire-webconnector-sessions"), keyedJob("import-customers"));

		List<Planned> plans = reconciler.plan();

		assertThat(plans).hasSize(3);
		Planned purge = plans.stream()
			.filter((p) -> p.detail().getKey().getName().equals("purge-batch-metadata"))
			.findFirst()
			.orElseThrow();
		assertThat(purge.detail().getKey().getGroup()).isEqualTo("qbsync");
		assertThat(purge.detail().getJobClass()).isEqualTo(LaunchJob.class);
		assertThat(purge.detail().isDurable()).isTrue();
		assertThat(purge.detail().getJobDataMap().getString(LaunchJob.JOB_NAME)).isEqualTo("purge-batch-metadata");
		assertThat(purge.trigger()).isNotNull();
		assertThat(purge.trigger().getCronExpression()).isEqualTo("0 30 2 * * ?");
		assertThat(purge.trigger().getTimeZone().getID()).isEqualTo("America/Chicago");
		assertThat(purge.trigger().getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
		assertThat(purge.trigger().getJobKey()).isEqualTo(purge.detail().getKey());
		Planned expire = plans.stream()
			.filter((p) -> p.detail().getKey().getName().equals("expire-webconnector-sessions"))
			.findFirst()
			.orElseThrow();
		assertThat(expire.trigger()).isNull();
		Planned keyed = plans.stream()
			.filter((p) -> p.detail().getKey().getName().equals("import-customers"))
			.findFirst()
			.orElseThrow();
		assertThat(keyed.detail().getJobDataMap().get(LaunchJob.PARAMETERS)).isEqualTo(Map.of("source", "singleops"));
	}

	@Test
	void schedulesWithReplaceWhenQuartzHasNothingAndDeletesJobsNoLongerListed() throws Exception {
		JobKey stray = JobKey.jobKey("retired-job", "qbsync");
		given(this.scheduler.getJobKeys(any()))
			.willReturn(Set.of(stray, JobKey.jobKey("purge-batch-metadata", "qbsync")));
		ScheduleReconciler reconciler = reconciler(Map.of("purge-batch-metadata", JobSchedule.of("0 0 3 * * ?", "UTC")),
				housekeepingJob("purge-batch-metadata"));

		reconciler.reconcile();

		verify(this.scheduler).scheduleJob(any(), anySet(), eq(true));
		verify(this.scheduler).deleteJob(stray);
		verify(this.scheduler, never()).deleteJob(JobKey.jobKey("purge-batch-metadata", "qbsync"));
	}

	@Test
	void leavesAnUnchangedScheduleAlone() throws Exception {
		ScheduleReconciler reconciler = reconciler(Map.of("purge-batch-metadata", JobSchedule.of("0 0 3 * * ?", "UTC")),
				housekeepingJob("purge-batch-metadata"));
		Planned plan = reconciler.plan().get(0);
		given(this.scheduler.getJobDetail(plan.detail().getKey())).willReturn(plan.detail());
		given(this.scheduler.getTrigger(plan.trigger().getKey())).willReturn(plan.trigger());
		given(this.scheduler.getTriggerState(plan.trigger().getKey())).willReturn(TriggerState.PAUSED);

		reconciler.reconcile();

		verify(this.scheduler, never()).scheduleJob(any(), anySet(), anyBoolean());
		verify(this.scheduler, never()).addJob(any(), anyBoolean());
	}

	@Test
	void aDisabledEntryLosesItsTriggerButKeepsItsJob() throws Exception {
		ScheduleReconciler reconciler = reconciler(
				Map.of("purge-batch-metadata", new JobSchedule("0 0 3 * * ?", "UTC", false, Map.of())),
				housekeepingJob("purge-batch-metadata"));

		reconciler.reconcile();

		verify(this.scheduler).unscheduleJob(ScheduleReconciler.triggerKey("purge-batch-metadata"));
		verify(this.scheduler).addJob(any(), eq(true));
		verify(this.scheduler, never()).scheduleJob(any(), anySet(), anyBoolean());
	}

	private ScheduleReconciler reconciler(Map<String, JobSchedule> jobs, Job... beans) {
		StaticListableBeanFactory beanFactory = new StaticListableBeanFactory();
		for (Job job : beans) {
			beanFactory.addBean(job.getName() + "Job", job);
		}
		return new ScheduleReconciler(this.scheduler, new ScheduleSettings(jobs),
				beanFactory.getBeanProvider(Job.class), java.time.Clock.systemUTC());
	}

	private static Job housekeepingJob(String name) {
		Job job = mock(Job.class);
		given(job.getName()).willReturn(name);
		given(job.getJobParametersIncrementer()).willReturn(new RunIdIncrementer());
		return job;
	}

	private static Job keyedJob(String name) {
		Job job = mock(Job.class);
		given(job.getName()).willReturn(name);
		return job;
	}

}
