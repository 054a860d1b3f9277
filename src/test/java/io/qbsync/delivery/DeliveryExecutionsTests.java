package io.qbsync.delivery;

import java.util.List;
import java.util.stream.LongStream;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery's step keeps its counts, and a bounded list of failed item ids, however many fail. */
class DeliveryExecutionsTests extends IntegrationTest {

	@Autowired
	DeliveryExecutions executions;

	@Autowired
	JobRepository repository;

	@Test
	@SuppressWarnings("unchecked")
	void aDeliveryListsTheFirstHundredFailedItemsAndCountsTheRest() {
		// a session of this run's own: a delivery's execution is found again by its company and session
		long session = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		long execution = this.executions.begin(9_000_001L, session);
		List<Long> first = LongStream.rangeClosed(1, 80).boxed().toList();
		List<Long> second = LongStream.rangeClosed(81, 250).boxed().toList();

		this.executions.count(execution, 80, 0, 80, 0, first);
		this.executions.count(execution, 170, 0, 170, 0, second);

		StepExecution step = this.repository.getJobExecution(execution).getStepExecutions().iterator().next();
		ExecutionContext context = step.getExecutionContext();
		assertThat(step.getReadCount()).isEqualTo(250);
		assertThat(context.getLong("failed")).isEqualTo(250);
		assertThat((List<Object>) context.get("failedItems")).hasSize(DeliveryExecutions.FAILED_ITEMS_LISTED)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().map(Object.class::cast).toList());
		assertThat(context.getLong("failedItemsNotListed")).isEqualTo(150);
	}

}
