package io.qbsync.metrics;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qbsync.qbxml.response.QbResponseStatus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the Web Connector service reports as it works: the requests that left for QuickBooks and what QuickBooks
 * answered to each, and how long settling a delivery's items took.
 *
 * <p>
 * Counted only once the call's transaction commits: a call rolled back and run again (a deadlock) counts once, and
 * one that failed counts nothing. Tags: {@code type} (CustomerAdd, InvoiceMod, ...; see {@link RequestTypes}) and
 * {@code code} (QuickBooks' statusCode, or the Web Connector's hresult when the whole document failed).
 */
@Component
public class SyncMetrics {

	static final String SENT = "qbsync.quickbooks.requests.sent";

	static final String SUCCEEDED = "qbsync.quickbooks.requests.succeeded";

	static final String FAILED = "qbsync.quickbooks.requests.failed";

	static final String SETTLE = "qbsync.delivery.settle";

	private final MeterRegistry registry;

	private final Timer settleUnanswered;

	private final Timer settleAnswer;

	SyncMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.settleUnanswered = settleTimer("unanswered", registry);
		this.settleAnswer = settleTimer("answer", registry);
	}

	private static Timer settleTimer(String kind, MeterRegistry registry) {
		return Timer.builder(SETTLE)
			.description("Settling a delivery's items: QuickBooks' answer to a document (answer), or documents that "
					+ "ended without one, at the start of a session (unanswered)")
			.tag("kind", kind)
			.register(registry);
	}

	/** A request document left for QuickBooks: each request in it counts as sent. */
	public void sent(String requestDocument) {
		afterCommit(() -> {
			for (String type : QbxmlTraffic.requestTypes(requestDocument)) {
				counter(SENT, "Requests sent to QuickBooks", "type", type).increment();
			}
		});
	}

	/** QuickBooks answered a document: each request in it succeeded or failed, with its status code. */
	public void answered(String responseDocument) {
		afterCommit(() -> count(QbxmlTraffic.answers(responseDocument)));
	}

	private void count(List<QbxmlTraffic.Answer> answers) {
		for (QbxmlTraffic.Answer answer : answers) {
			counter(answer.failed() ? FAILED : SUCCEEDED,
					answer.failed() ? "Requests QuickBooks refused" : "Requests QuickBooks carried out", "type",
					answer.type(), "code", answer.code())
				.increment();
		}
	}

	/**
	 * As {@link #answered(String)}, from the statuses of the answer as it was read to settle it: the answer is not
	 * read a second time.
	 */
	public void answered(List<QbResponseStatus> statuses) {
		List<QbxmlTraffic.Answer> answers = QbxmlTraffic.answers(statuses);
		afterCommit(() -> count(answers));
	}

	/** QuickBooks could not process a whole document (an hresult): each request in it failed with that code. */
	public void failed(String requestDocument, String hresult) {
		afterCommit(() -> {
			String code = QbxmlTraffic.hresult(hresult);
			for (String type : QbxmlTraffic.requestTypes(requestDocument)) {
				counter(FAILED, "Requests QuickBooks refused", "type", type, "code", code).increment();
			}
		});
	}

	/** Settles the items of documents that ended without an answer, timed. */
	public void settlingUnanswered(Runnable settle) {
		this.settleUnanswered.record(settle);
	}

	/** Settles the items of a document QuickBooks answered, timed; answers what the settling answers. */
	public <T> T settlingAnswer(Supplier<T> settle) {
		return this.settleAnswer.record(settle);
	}

	private Counter counter(String name, String description, String... tags) {
		return Counter.builder(name).description(description).tags(tags).register(this.registry);
	}

	private static void afterCommit(Runnable count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				count.run();
			}
		});
	}

}
