package io.qbsync.delivery;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.Transcript;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

/**
 * The endpoint runs a call again when the database answers with a deadlock. The delivery's job execution is created
 * outside the call's transaction, so it survives the rolled-back first attempt: the retry must find it, not fail.
 */
class DeliveryRetryTests extends SyncFixture {

	/** A spy ({@link io.qbsync.support.IntegrationTest}): the real bean unless a test says otherwise. */
	@Autowired
	DeliveryExecutions executions;

	@Test
	void aFirstSendRequestXmlRolledBackByADeadlockIsRetriedHarmlessly() {
		TestCompany company = company("Retried Send");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Retry Lane\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");
		// the first time the delivery counts a sent document, the database gives up on a lock
		AtomicBoolean deadlock = new AtomicBoolean(true);
		doAnswer((call) -> {
			if (deadlock.getAndSet(false)) {
				throw new CannotAcquireLockException("Deadlock found when trying to get lock (test)");
			}
			return call.callRealMethod();
		}).when(this.executions).count(anyLong(), anyInt(), anyInt(), anyInt(), anyInt(), any());

		Transcript run = session(company, books);

		assertThat(deadlock).isFalse();
		assertThat(run.endReason()).as(run.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		// one job instance and one execution for the session's delivery, and it ended COMPLETED
		List<String> statuses = this.jdbc.sql("""
				SELECT e.STATUS FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID AND i.JOB_NAME = ?
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
					AND p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = ?
				""")
			.params(DeliveryExecutions.JOB_NAME, Long.toString(company.id()))
			.query(String.class)
			.list();
		assertThat(statuses).containsExactly("COMPLETED");
	}

}
