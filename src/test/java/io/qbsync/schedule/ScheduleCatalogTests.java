package io.qbsync.schedule;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.qbsync.schedule.ScheduleSettings.JobSchedule;
import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerMetaData;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job catalogue ({@code jobs/schedules.yml}) against the Job beans, and the triggers the reconciler left in the
 * real clustered JDBC Quartz store (which exists, in standby, although the tests never start it).
 */
class ScheduleCatalogTests extends IntegrationTest {

	private final ScheduleSettings settings;

	private final List<Job> jobs;

	private final ObjectProvider<Job> jobProvider;

	private final Scheduler scheduler;

	ScheduleCatalogTests(@Autowired ScheduleSettings settings, @Autowired List<Job> jobs,
			@Autowired ObjectProvider<Job> jobProvider, @Autowired Scheduler scheduler) {
		this.settings = settings;
		this.jobs = jobs;
		this.jobProvider = jobProvider;
		this.scheduler = scheduler;
	}

	/** Jobs started per company by another job or the API, never by a schedule of their own. */
	private static final Set<String> ON_DEMAND = Set.of("scan-changes", "release-approved-changes", "deliver-to-quickbooks");

	@Test
	void everyScheduleNamesAJobAndEveryJobHasASchedule() {
		Set<String> jobNames = this.jobs.stream()
			.map(Job::getName)
			.filter((name) -> !ON_DEMAND.contains(name))
			.collect(Collectors.toSet());

		assertThat(this.settings.jobs()).isNotEmpty();
		assertThat(this.settings.jobs().keySet()).as("schedule keys without a Job bean").isSubsetOf(jobNames);
		assertThat(jobNames).as("Job beans without a schedule in jobs/schedules.yml")
			.isSubsetOf(this.settings.jobs().keySet());
	}

	@Test
	void theExpireSessionsScheduleIsBoundFromJobsSchedulesYml() {
		JobSchedule expire = this.settings.jobs().get("expire-webconnector-sessions");

		assertThat(expire).isEqualTo(new JobSchedule("0 */5 * * * ?", "UTC", true, Map.of()));
	}

	@Test
	void everyEnabledScheduleHasACronTriggerInTheClusteredJdbcStore() throws Exception {
		SchedulerMetaData meta = this.scheduler.getMetaData();
		assertThat(meta.isJobStoreClustered()).isTrue();
		assertThat(meta.isJobStoreSupportsPersistence()).isTrue();
		assertThat(meta.getJobStoreClass()).isEqualTo(LocalDataSourceJobStore.class);

		Set<String> enabled = this.settings.jobs()
			.entrySet()
			.stream()
			.filter((e) -> e.getValue().enabled())
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(this.scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(ScheduleReconciler.GROUP)))
			.extracting(TriggerKey::getName)
			.containsExactlyInAnyOrderElementsOf(enabled);
		for (String name : enabled) {
			JobSchedule schedule = this.settings.jobs().get(name);
			JobDetail detail = this.scheduler.getJobDetail(JobKey.jobKey(name, ScheduleReconciler.GROUP));
			assertThat(detail.getJobClass()).isEqualTo(LaunchJob.class);
			assertThat(detail.isDurable()).isTrue();
			assertThat(detail.isConcurrentExecutionDisallowed()).isTrue();
			assertThat(detail.getJobDataMap().getString(LaunchJob.JOB_NAME)).isEqualTo(name);
			List<? extends Trigger> triggers = this.scheduler.getTriggersOfJob(detail.getKey());
			assertThat(triggers).singleElement().isInstanceOfSatisfying(CronTrigger.class, (cron) -> {
				assertThat(cron.getCronExpression()).isEqualTo(schedule.cron());
				assertThat(cron.getTimeZone().getID()).isEqualTo(schedule.zone());
				assertThat(cron.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
				// live: a next fire time after the trigger was set up (the shared test context may have started minutes
				// ago with Quartz not running, so "after now" would depend on when this test happens to run)
				assertThat(cron.getNextFireTime()).isNotNull().isAfterOrEqualTo(cron.getStartTime());
			});
		}
	}

	@Test
	void reconcilingAgainLeavesUnchangedTriggersAlone() throws Exception {
		TriggerKey key = ScheduleReconciler.triggerKey("expire-webconnector-sessions");
		Date startedAt = this.scheduler.getTrigger(key).getStartTime();

		new ScheduleReconciler(this.scheduler, this.settings, this.jobProvider, Clock.systemUTC()).reconcile();

		assertThat(this.scheduler.getTrigger(key).getStartTime()).isEqualTo(startedAt);
	}

	@Test
	void disabledEntriesLoseTheirTriggerAndRemovedOnesDisappear() throws Exception {
		JobKey retired = JobKey.jobKey("retired-schedule-catalog-test", ScheduleReconciler.GROUP);
		this.scheduler.addJob(JobBuilder.newJob(LaunchJob.class)
			.withIdentity(retired)
			.usingJobData(LaunchJob.JOB_NAME, retired.getName())
			.storeDurably()
			.build(), true);
		JobSchedule current = this.settings.jobs().get("expire-webconnector-sessions");
		ScheduleSettings disabled = new ScheduleSettings(Map.of("expire-webconnector-sessions",
				new JobSchedule(current.cron(), current.zone(), false, current.parameters())));
		try {
			new ScheduleReconciler(this.scheduler, disabled, this.jobProvider, Clock.systemUTC()).reconcile();

			assertThat(this.scheduler.checkExists(retired)).isFalse();
			assertThat(this.scheduler.checkExists(ScheduleReconciler.triggerKey("expire-webconnector-sessions")))
				.isFalse();
			assertThat(this.scheduler.checkExists(JobKey.jobKey("expire-webconnector-sessions", "qbsync"))).isTrue();
		}
		finally {
			new ScheduleReconciler(this.scheduler, this.settings, this.jobProvider, Clock.systemUTC()).reconcile();
		}
		assertThat(this.scheduler.checkExists(ScheduleReconciler.triggerKey("expire-webconnector-sessions"))).isTrue();
	}

}
