package io.qbsync.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Spring Batch's metadata tables, read in SQL in this one place: Spring Batch writes them through its JobRepository,
 * and what its API cannot answer in one query (executions by parameter, old instances to purge) is asked here.
 */
@Repository
public class JobMetadata {

	/**
	 * A job instance that may go: its last execution COMPLETED or ABANDONED before the cutoff (FAILED or STOPPED
	 * before the longer failed cutoff), and none of its executions running or ended after the cutoff.
	 */
	private static final String INSTANCE_DONE = """
			SELECT i.JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE i
			JOIN BATCH_JOB_EXECUTION last ON last.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID
				AND last.JOB_EXECUTION_ID = (SELECT MAX(m.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION m
					WHERE m.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID)
			WHERE i.JOB_INSTANCE_ID > :after
				AND (last.STATUS IN ('COMPLETED', 'ABANDONED')
					OR (last.STATUS IN ('FAILED', 'STOPPED') AND last.END_TIME < :failedCutoff))
				AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION r WHERE r.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID
					AND (r.END_TIME IS NULL OR r.END_TIME >= :cutoff
						OR r.STATUS IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')))
			ORDER BY i.JOB_INSTANCE_ID LIMIT :limit
			""";

	private final JdbcClient jdbc;

	JobMetadata(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The newest executions, newest first, at most {@code limit}: of one status, one job, and one company (its
	 * {@code companyId} parameter) where given.
	 */
	public List<Long> executions(String status, String jobName, Long companyId, int limit) {
		return this.jdbc.sql("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				WHERE (? IS NULL OR e.STATUS = ?) AND (? IS NULL OR i.JOB_NAME = ?)
					AND (? IS NULL OR EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
						AND p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = ?))
				ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ?
				""")
			.params(status, status, jobName, jobName, companyId, (companyId != null) ? companyId.toString() : null,
					limit)
			.query(Long.class)
			.list();
	}

	/** The newest executions of these jobs, newest first, at most {@code limit}. */
	public List<Long> executionsOf(Collection<String> jobNames, int limit) {
		return this.jdbc.sql("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				WHERE i.JOB_NAME IN (:jobs)
				ORDER BY e.JOB_EXECUTION_ID DESC LIMIT :limit
				""").param("jobs", jobNames).param("limit", limit).query(Long.class).list();
	}

	/** The executions of one job instance (a run and its restarts). */
	public List<Long> executionsOf(long instanceId) {
		return this.jdbc.sql("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?")
			.param(instanceId)
			.query(Long.class)
			.list();
	}

	/** The executions of a job still marked STARTED that started before {@code before} (the repository's time). */
	public List<Long> startedBefore(String jobName, LocalDateTime before) {
		return this.jdbc.sql("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				WHERE i.JOB_NAME = ? AND e.STATUS = 'STARTED' AND e.START_TIME < ?
				""").params(jobName, before).query(Long.class).list();
	}

	/**
	 * Deletes at most {@code limit} old finished job instances with their executions, children first, oldest first;
	 * an instance with an execution {@code stillNeeded} answers for (of the ids it is given) stays. Answers how many
	 * instances went.
	 */
	public int purge(Instant cutoff, Instant failedCutoff, int limit,
			Function<Collection<Long>, Set<Long>> stillNeeded) {
		List<Long> instances = new ArrayList<>();
		long after = 0;
		while (instances.size() < limit) {
			List<Long> candidates = this.jdbc.sql(INSTANCE_DONE)
				.param("after", after)
				.param("cutoff", Timestamp.from(cutoff))
				.param("failedCutoff", Timestamp.from(failedCutoff))
				.param("limit", limit - instances.size())
				.query(Long.class)
				.list();
			if (candidates.isEmpty()) {
				break;
			}
			after = candidates.get(candidates.size() - 1);
			Map<Long, List<Long>> executions = this.jdbc
				.sql("SELECT JOB_INSTANCE_ID, JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:ids)")
				.param("ids", candidates)
				.query((rs, row) -> Map.entry(rs.getLong(1), rs.getLong(2)))
				.list()
				.stream()
				.collect(Collectors.groupingBy(Map.Entry::getKey,
						Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
			Set<Long> needed = stillNeeded
				.apply(executions.values().stream().flatMap(List::stream).toList());
			candidates.stream()
				.filter((instance) -> executions.getOrDefault(instance, List.of()).stream().noneMatch(needed::contains))
				.forEach(instances::add);
		}
		if (instances.isEmpty()) {
			return 0;
		}
		List<Long> executions = this.jdbc
			.sql("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (:instances)")
			.param("instances", instances)
			.query(Long.class)
			.list();
		if (!executions.isEmpty()) {
			this.jdbc.sql("""
					DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN
						(SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (:executions))
					""").param("executions", executions).update();
			for (String table : List.of("BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT",
					"BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION")) {
				this.jdbc.sql("DELETE FROM " + table + " WHERE JOB_EXECUTION_ID IN (:executions)")
					.param("executions", executions)
					.update();
			}
		}
		return this.jdbc.sql("DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (:instances)")
			.param("instances", instances)
			.update();
	}

}
