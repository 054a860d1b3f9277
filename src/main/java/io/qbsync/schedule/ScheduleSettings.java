package io.qbsync.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When each Spring Batch job runs, bound from {@code qbsync.schedule.jobs.<job-name>} (defaults in
 * {@code jobs/schedules.yml}, overridden per environment in {@code config/application-<profile>.yml}).
 *
 * @param jobs the schedule of each job, keyed by the job's name
 */
@ConfigurationProperties("qbsync.schedule")
public record ScheduleSettings(Map<String, JobSchedule> jobs) {

	public ScheduleSettings {
		jobs = (jobs != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(jobs)) : Map.of();
	}

	/**
	 * The schedule of one job.
	 *
	 * @param cron a Quartz cron expression ({@code seconds minutes hours day-of-month month day-of-week [year]});
	 * required when enabled
	 * @param zone the time zone the cron expression is read in
	 * @param enabled whether the job runs on its schedule; a disabled job stays known to Quartz, without a trigger
	 * @param parameters identifying job parameters, only for jobs without an incrementer (jobs keyed by business
	 * parameters); a job with an incrementer starts a new instance per run and takes none
	 */
	public record JobSchedule(@Nullable String cron, @DefaultValue("UTC") String zone,
			@DefaultValue("true") boolean enabled, Map<String, String> parameters) {

		public JobSchedule {
			cron = (cron != null && !cron.isBlank()) ? cron.strip() : null;
			zone = (zone != null && !zone.isBlank()) ? zone.strip() : "UTC";
			parameters = (parameters != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(parameters))
					: Map.of();
		}

		/** An enabled schedule with no parameters. */
		public static JobSchedule of(String cron, String zone) {
			return new JobSchedule(cron, zone, true, Map.of());
		}

	}

}
