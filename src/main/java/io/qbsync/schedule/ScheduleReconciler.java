package io.qbsync.schedule;

import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.qbsync.schedule.ScheduleSettings.JobSchedule;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes the Quartz job store match {@link ScheduleSettings} once, when the singletons are ready and before the
 * scheduler starts: one durable {@link LaunchJob} JobDetail per entry in group {@value #GROUP}, a cron trigger for
 * each enabled entry, none for a disabled one, and nothing left of an entry that was removed.
 *
 * <p>
 * Every entry is checked first and a bad one stops the application with a message naming its key, before anything
 * in Quartz is changed. Unchanged jobs and triggers are left alone (their next fire time and any pause survive a
 * restart); changed ones are replaced. The writes go through Quartz's clustered JDBC store, which serialises them
 * with its row lock, so nodes starting together with the same settings converge on the same rows.
 *
 * <p>
 * Misfires fire once now: a run missed while every node was down (or while the previous run was still going) is
 * made up by one run as soon as possible, never by a burst. The jobs pick their work from the database, so one
 * late run does all that was missed, and a daily job is not skipped for a whole day.
 */
@Component
public class ScheduleReconciler implements SmartInitializingSingleton {

	/** The Quartz group of every job and trigger this class owns; other groups are never touched. */
	public static final String GROUP = "qbsync";

	static final String PREFIX = "qbsync.schedule.jobs.";

	private static final Logger log = LoggerFactory.getLogger(ScheduleReconciler.class);

	private final Scheduler scheduler;

	private final Clock clock;

	private final ScheduleSettings settings;

	private final ObjectProvider<Job> jobs;

	ScheduleReconciler(Scheduler scheduler, ScheduleSettings settings, ObjectProvider<Job> jobs, Clock clock) {
		this.clock = clock;
		this.scheduler = scheduler;
		this.settings = settings;
		this.jobs = jobs;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			reconcile();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not bring the Quartz schedules in line with " + PREFIX + "*", ex);
		}
	}

	/**
	 * Checks every entry, then updates Quartz.
	 * @throws InvalidScheduleException naming each bad entry; nothing has been changed then
	 */
	public void reconcile() throws SchedulerException {
		List<Planned> plans = plan();
		Set<JobKey> wanted = new HashSet<>();
		for (Planned plan : plans) {
			wanted.add(plan.detail().getKey());
			if (plan.trigger() != null) {
				schedule(plan.detail(), plan.trigger());
			}
			else {
				disable(plan.detail());
			}
		}
		for (JobKey key : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
			if (!wanted.contains(key)) {
				this.scheduler.deleteJob(key);
				log.info("Schedule of job {} removed: there is no {}{} entry any more", key.getName(), PREFIX,
						key.getName());
			}
		}
	}

	/** Validates the settings against the Job beans and builds what Quartz should hold. */
	List<Planned> plan() {
		List<String> problems = new ArrayList<>();
		Map<String, Job> byName = this.jobs.orderedStream()
			.collect(Collectors.toMap(Job::getName, Function.identity(), (a, b) -> {
				problems.add("more than one Spring Batch job is named '" + a.getName() + "'");
				return a;
			}, TreeMap::new));
		List<Planned> plans = new ArrayList<>();
		new TreeMap<>(this.settings.jobs()).forEach((name, schedule) -> {
			int before = problems.size();
			Job job = byName.get(name);
			if (job == null) {
				problems.add(PREFIX + name + ": no Spring Batch job is named '" + name + "' (jobs: "
						+ String.join(", ", byName.keySet()) + ")");
				return;
			}
			TimeZone zone = zone(name, schedule, problems);
			CronExpression cron = cron(name, schedule, problems);
			boolean incrementer = job.getJobParametersIncrementer() != null;
			if (incrementer && !schedule.parameters().isEmpty()) {
				problems.add(PREFIX + name + ".parameters: job '" + name + "' has an incrementer, so every run is a "
						+ "new instance and JobOperator would ignore these parameters; remove them");
			}
			if (!incrementer && schedule.parameters().isEmpty()) {
				problems.add(PREFIX + name + ": job '" + name + "' has no incrementer and the schedule gives no "
						+ "parameters, so it could only ever run once; give the job a RunIdIncrementer");
			}
			if (problems.size() == before) {
				plans.add(new Planned(detail(name, schedule),
						(schedule.enabled())
								? trigger(name, Objects.requireNonNull(cron), Objects.requireNonNull(zone)) : null));
			}
		});
		if (!problems.isEmpty()) {
			throw new InvalidScheduleException(problems);
		}
		byName.keySet()
			.stream()
			.filter((name) -> !this.settings.jobs().containsKey(name))
			.forEach((name) -> log.warn("Job {} has no {}{} entry: it runs only when started by hand", name, PREFIX,
					name));
		return plans;
	}

	private void schedule(JobDetail detail, CronTrigger trigger) throws SchedulerException {
		if (isCurrent(detail, trigger)) {
			log.info("Schedule of job {} unchanged: cron '{}' in {}", detail.getKey().getName(),
					trigger.getCronExpression(), trigger.getTimeZone().getID());
			return;
		}
		this.scheduler.scheduleJob(detail, Set.of(trigger), true);
		log.info("Scheduled job {}: cron '{}' in {}, next run {}", detail.getKey().getName(),
				trigger.getCronExpression(), trigger.getTimeZone().getID(), trigger.getFireTimeAfter(Date.from(this.clock.instant())));
	}

	private void disable(JobDetail detail) throws SchedulerException {
		TriggerKey key = triggerKey(detail.getKey().getName());
		boolean unscheduled = this.scheduler.unscheduleJob(key);
		if (!sameDetail(detail)) {
			this.scheduler.addJob(detail, true);
		}
		if (unscheduled) {
			log.info("Schedule of job {} disabled: trigger removed", detail.getKey().getName());
		}
	}

	private boolean isCurrent(JobDetail detail, CronTrigger wanted) throws SchedulerException {
		if (!sameDetail(detail)) {
			return false;
		}
		Trigger existing = this.scheduler.getTrigger(wanted.getKey());
		return existing instanceof CronTrigger cron && cron.getJobKey().equals(wanted.getJobKey())
				&& cron.getCronExpression().equals(wanted.getCronExpression())
				&& cron.getTimeZone().getID().equals(wanted.getTimeZone().getID())
				&& cron.getMisfireInstruction() == wanted.getMisfireInstruction()
				&& this.scheduler.getTriggerState(wanted.getKey()) != TriggerState.ERROR;
	}

	private boolean sameDetail(JobDetail wanted) {
		try {
			JobDetail existing = this.scheduler.getJobDetail(wanted.getKey());
			return existing != null && existing.getJobClass() == wanted.getJobClass() && existing.isDurable()
					&& Objects.equals(existing.getJobDataMap().getWrappedMap(), wanted.getJobDataMap().getWrappedMap());
		}
		catch (SchedulerException ex) {
			// e.g. the stored job class no longer exists: replace the row
			return false;
		}
	}

	private static JobDetail detail(String name, JobSchedule schedule) {
		JobDataMap data = new JobDataMap();
		data.put(LaunchJob.JOB_NAME, name);
		if (!schedule.parameters().isEmpty()) {
			data.put(LaunchJob.PARAMETERS, new HashMap<>(schedule.parameters()));
		}
		return JobBuilder.newJob(LaunchJob.class)
			.withIdentity(name, GROUP)
			.withDescription("Launches Spring Batch job " + name + " (" + PREFIX + name + ")")
			.usingJobData(data)
			.storeDurably()
			.build();
	}

	private static CronTrigger trigger(String name, CronExpression cron, TimeZone zone) {
		return TriggerBuilder.newTrigger()
			.withIdentity(triggerKey(name))
			.forJob(name, GROUP)
			.withDescription(PREFIX + name)
			.withSchedule(CronScheduleBuilder.cronSchedule(cron.getCronExpression())
				.inTimeZone(zone)
				.withMisfireHandlingInstructionFireAndProceed())
			.build();
	}

	static TriggerKey triggerKey(String jobName) {
		return TriggerKey.triggerKey(jobName, GROUP);
	}

	private static @Nullable TimeZone zone(String name, JobSchedule schedule, List<String> problems) {
		try {
			return TimeZone.getTimeZone(ZoneId.of(schedule.zone()));
		}
		catch (DateTimeException ex) {
			problems.add(PREFIX + name + ".zone: '" + schedule.zone() + "' is not a time zone (" + ex.getMessage()
					+ ")");
			return null;
		}
	}

	private static @Nullable CronExpression cron(String name, JobSchedule schedule, List<String> problems) {
		if (schedule.cron() == null) {
			if (schedule.enabled()) {
				problems.add(PREFIX + name + ".cron: missing; an enabled schedule needs a Quartz cron expression");
			}
			return null;
		}
		try {
			return new CronExpression(schedule.cron());
		}
		catch (ParseException ex) {
			problems.add(PREFIX + name + ".cron: '" + schedule.cron() + "' is not a valid Quartz cron expression ("
					+ ex.getMessage() + ")");
			return null;
		}
	}

	/** What Quartz should hold for one entry: its JobDetail and, when enabled, its trigger. */
	record Planned(JobDetail detail, @Nullable CronTrigger trigger) {
	}

	/** One or more schedule entries that cannot be honoured; the message names each key and what is wrong. */
	public static class InvalidScheduleException extends IllegalStateException {

		private final List<String> problems;

		InvalidScheduleException(List<String> problems) {
			super("Invalid job schedule" + ((problems.size() > 1) ? "s" : "") + " (see jobs/README.md):"
					+ problems.stream().map((p) -> "\n - " + p).collect(Collectors.joining()));
			this.problems = List.copyOf(problems);
		}

		public List<String> problems() {
			return this.problems;
		}

	}

}
