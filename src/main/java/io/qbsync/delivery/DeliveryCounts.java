package io.qbsync.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a delivery has counted and its step does not hold yet: a row of {@code delivery_counts} per job execution,
 * added to by one statement in each call's transaction and taken whole when the counts go into the step.
 */
@Repository
class DeliveryCounts {

	/** Counts of a delivery; {@code failedItems}: the first failed item ids, at most as many as the step lists. */
	record Counts(long sent, long succeeded, long failed, long retried, List<Long> failedItems) {
	}

	private static final String COLUMNS = "sent, succeeded, failed, retried, failed_items";

	private static final RowMapper<Counts> COUNTS = (rs, row) -> new Counts(rs.getLong("sent"),
			rs.getLong("succeeded"), rs.getLong("failed"), rs.getLong("retried"), ids(rs.getString("failed_items")));

	private final JdbcClient jdbc;

	DeliveryCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds to the delivery's counts. One statement; the listed ids stop at {@link DeliveryExecutions#FAILED_ITEMS_LISTED}.
	 */
	void add(long executionId, int sent, int succeeded, int failed, int retried, List<Long> failedItems) {
		String listed = failedItems.stream()
			.limit(DeliveryExecutions.FAILED_ITEMS_LISTED)
			.map(String::valueOf)
			.collect(Collectors.joining(","));
		this.jdbc.sql("""
				INSERT INTO delivery_counts (job_execution_id, sent, succeeded, failed, retried, failed_items)
				VALUES (:execution, :sent, :succeeded, :failed, :retried, :listed)
				ON DUPLICATE KEY UPDATE sent = sent + VALUES(sent), succeeded = succeeded + VALUES(succeeded),
					failed = failed + VALUES(failed), retried = retried + VALUES(retried),
					failed_items = SUBSTRING_INDEX(CONCAT_WS(',', NULLIF(failed_items, ''),
						NULLIF(VALUES(failed_items), '')), ',', :most)
				""")
			.param("execution", executionId)
			.param("sent", sent)
			.param("succeeded", succeeded)
			.param("failed", failed)
			.param("retried", retried)
			.param("listed", listed)
			.param("most", DeliveryExecutions.FAILED_ITEMS_LISTED)
			.update();
	}

	/** The delivery's counts so far, if it counted anything. */
	Optional<Counts> find(long executionId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM delivery_counts WHERE job_execution_id = ?")
			.param(executionId)
			.query(COUNTS)
			.optional();
	}

	/** Takes the delivery's counts away, to go into its step. One statement. */
	Optional<Counts> take(long executionId) {
		return this.jdbc.sql("DELETE FROM delivery_counts WHERE job_execution_id = ? RETURNING " + COLUMNS)
			.param(executionId)
			.query(COUNTS)
			.optional();
	}

	/** The deliveries with counts their steps do not hold yet. */
	List<Long> executions() {
		return this.jdbc.sql("SELECT job_execution_id FROM delivery_counts").query(Long.class).list();
	}

	private static List<Long> ids(String listed) {
		return listed.isEmpty() ? List.of() : Arrays.stream(listed.split(",")).map(Long::valueOf).toList();
	}

}
