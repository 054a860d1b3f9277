package io.qbsync.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import io.qbsync.support.IntegrationTest;
import io.qbsync.wizard.StatementCount;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery's step keeps its counts, and a bounded list of failed item ids, however many fail; while it runs, a
 * call counts with one statement of its own and the step gets the counts when the delivery ends.
 */
class DeliveryExecutionsTests extends IntegrationTest {

	@TestConfiguration(proxyBeanMethods = false)
	static class Statements {

		@Bean
		static StatementCount statementCount() {
			return new StatementCount(true);
		}

	}

	@Autowired
	DeliveryExecutions executions;

	@Autowired
	Deliveries deliveries;

	@Autowired
	JobRepository repository;

	@Autowired
	StatementCount statements;

	@Autowired
	JdbcClient jdbc;

	@Test
	@SuppressWarnings("unchecked")
	void aDeliveryListsTheFirstHundredFailedItemsAndCountsTheRest() {
		long execution = begin();
		List<Long> first = LongStream.rangeClosed(1, 80).boxed().toList();
		List<Long> second = LongStream.rangeClosed(81, 250).boxed().toList();

		this.executions.count(execution, 80, 0, 80, 0, first);
		this.executions.count(execution, 170, 0, 170, 0, second);
		this.executions.end(execution, true, "failed");

		StepExecution step = step(execution);
		ExecutionContext context = step.getExecutionContext();
		assertThat(step.getReadCount()).isEqualTo(250);
		assertThat(step.getProcessSkipCount()).isEqualTo(250);
		assertThat(context.getLong("failed")).isEqualTo(250);
		assertThat((List<Object>) context.get("failedItems")).hasSize(DeliveryExecutions.FAILED_ITEMS_LISTED)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().map(Object.class::cast).toList());
		assertThat(context.getLong("failedItemsNotListed")).isEqualTo(150);
	}

	@Test
	void aCallCountsWithOneStatementAndTheStepGetsTheCountsWhenTheDeliveryEnds() {
		long execution = begin();

		this.statements.start();
		this.executions.count(execution, 3, 2, 1, 1, List.of(42L));
		this.statements.stop();
		this.executions.count(execution, 2, 2, 0, 0, List.of());

		Map<String, Long> counted = this.statements.counts();
		assertThat(counted).as("round trips of one count").containsEntry("all", 1L);
		assertThat(counted.keySet()).as("statements of one count").noneMatch((sql) -> sql.contains("BATCH_"));
		assertThat(step(execution).getReadCount()).as("the step while the delivery runs").isZero();

		this.executions.end(execution, false, null);

		StepExecution step = step(execution);
		assertThat(step.getReadCount()).isEqualTo(5);
		assertThat(step.getWriteCount()).isEqualTo(4);
		assertThat(step.getProcessSkipCount()).isEqualTo(1);
		assertThat(step.getExecutionContext().getLong("sent")).isEqualTo(5);
		assertThat(step.getExecutionContext().getLong("succeeded")).isEqualTo(4);
		assertThat(step.getExecutionContext().getLong("failed")).isEqualTo(1);
		assertThat(step.getExecutionContext().getLong("retried")).isEqualTo(1);
		assertThat(step.getExecutionContext().get("failedItems")).isEqualTo(List.of(42L));
		assertThat(step.getExecutionContext().containsKey("failedItemsNotListed")).isFalse();
		assertThat(countsKept(execution)).as("rows of delivery_counts left").isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theJobsApiShowsARunningDeliverysCountsSoFar() {
		long execution = begin();
		this.executions.count(execution, 4, 3, 1, 0, List.of(7L));

		Map<String, Object> detail = api().get().uri("/api/jobs/executions/{id}", execution).retrieve().body(Map.class);

		Map<String, Object> step = ((List<Map<String, Object>>) detail.get("steps")).get(0);
		assertThat(step).containsEntry("status", "STARTED").containsEntry("readCount", 4).containsEntry("writeCount", 3);
		assertThat((Map<String, Object>) step.get("context")).containsEntry("sent", 4).containsEntry("failed", 1);
		this.executions.end(execution, true, "failed");
	}

	@Test
	void anAbandonedDeliveryEndsWithItsCountsAndLateCountsReachAnEndedOne() {
		long abandoned = begin();
		this.executions.count(abandoned, 6, 5, 1, 0, List.of(11L));
		this.jdbc.sql("UPDATE BATCH_JOB_EXECUTION SET START_TIME = NOW() - INTERVAL 2 HOUR WHERE JOB_EXECUTION_ID = ?")
			.param(abandoned)
			.update();
		long ended = begin();
		this.executions.count(ended, 1, 0, 0, 0, List.of());
		this.executions.end(ended, true, "an Add's answer was lost");
		// its lookup, answered in a later session, finds the Add
		this.executions.count(ended, 0, 1, 0, 0, List.of());

		this.deliveries.endAbandoned();

		StepExecution step = step(abandoned);
		assertThat(step.getStatus().name()).isEqualTo("FAILED");
		assertThat(step.getReadCount()).isEqualTo(6);
		assertThat(step.getWriteCount()).isEqualTo(5);
		assertThat(step.getExecutionContext().get("failedItems")).isEqualTo(List.of(11L));
		StepExecution late = step(ended);
		assertThat(late.getReadCount()).isEqualTo(1);
		assertThat(late.getWriteCount()).isEqualTo(1);
		assertThat(late.getExecutionContext().getLong("succeeded")).isEqualTo(1);
		assertThat(countsKept(abandoned) + countsKept(ended)).as("rows of delivery_counts left").isZero();
	}

	/** A delivery of a session of this run's own: a delivery's execution is found again by its company and session. */
	private long begin() {
		return this.executions.begin(9_000_001L, ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
	}

	private StepExecution step(long execution) {
		return this.repository.getJobExecution(execution).getStepExecutions().iterator().next();
	}

	private long countsKept(long execution) {
		return this.jdbc.sql("SELECT COUNT(*) FROM delivery_counts WHERE job_execution_id = ?")
			.param(execution)
			.query(Long.class)
			.single();
	}

}
