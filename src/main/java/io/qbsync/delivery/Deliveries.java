package io.qbsync.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.qbsync.outbox.Outbox;
import io.qbsync.outbox.OutboxDocument;
import io.qbsync.outbox.OutboxState;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.response.QbResponseStatus;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.schedule.JobMetadata;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.WizardItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivery of released documents as the Web Connector service sees it, called inside its transactions: what a session
 * has to do, the lookups it sends, the documents that left, QuickBooks' answers (routed per item by {@link Answers})
 * and the Spring Batch execution that stands for the session's delivery.
 *
 * <p>
 * The rule that keeps QuickBooks free of duplicates: an Add whose answer never came back (session died, hresult,
 * restart) or whose name is taken is never sent again blind ({@link LostAdds}).
 */
@Component
public class Deliveries {

	public static final String LOOKUP_SOURCE = "lookup";

	public static final String RELEASE_SOURCE = "release";

	/** The name the sync signs its own decisions with in the audit trail. */
	static final String SYSTEM = "qbsync";

	/** A LINK found its object already linked to another record: the code its item fails with. */
	static final String LINKED_ELSEWHERE = "LINKED";

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final Outbox outbox;

	private final DeliveryExecutions executions;

	private final Answers answers;

	private final LostAdds lostAdds;

	private final RetryPolicy retry;

	private final JobMetadata jobs;

	private final RunningDeliveries running;

	private final StatusGuide guide = StatusGuide.standard();

	Deliveries(ItemTransitions items, ItemQueries queries, Outbox outbox, DeliveryExecutions executions,
			Answers answers, LostAdds lostAdds, RetryPolicy retry, JobMetadata jobs, RunningDeliveries running) {
		this.items = items;
		this.queries = queries;
		this.outbox = outbox;
		this.executions = executions;
		this.answers = answers;
		this.lostAdds = lostAdds;
		this.retry = retry;
		this.jobs = jobs;
		this.running = running;
	}

	/** A lookup document to send: the queries, and the items waiting for their answers. */
	public record Lookup(String document, List<Long> itemIds) {
	}

	/** Whether a session has delivery work: items to release, lookups to send, or unsettled answers. */
	public boolean hasWork(long companyId, Instant now) {
		return this.queries.hasReleasable(companyId, now) || this.queries.hasAwaitingLookup(companyId)
				|| !this.queries.unanswered(companyId).isEmpty();
	}

	/**
	 * Settles items whose document ended without a readable answer: a document QuickBooks certainly did not apply is
	 * released again (with backoff when QuickBooks could not read it); after an uncertain one, an Add waits for a
	 * lookup and anything else is simply sent again.
	 */
	public void settle(long companyId, Instant now) {
		this.items.releaseStaleBlocks(companyId, now);
		for (WizardItem item : this.queries.unanswered(companyId)) {
			if (item.progress().lookup() != null) {
				// the lookup itself was lost: ask again
				this.retry.lookupLost(item, now);
				continue;
			}
			OutboxDocument doc = this.outbox.find(companyId, item.progress().documentId()).orElseThrow();
			if (doc.state() == OutboxState.FAILED) {
				if (doc.hresult() == null) {
					// never sent (written for a newer qbXML than this QuickBooks reads): release again
					this.retry.backToRelease(item, now);
				}
				else {
					this.retry.retryOrFail(item, doc.hresult(), doc.message(), HandlingClass.BUG, now);
				}
			}
			else if (this.retry.answerLost(item, now)) {
				log.info("Item {}: its Add may have reached QuickBooks; looking it up before anything else", item.id());
			}
		}
	}

	/** The next lookup document for the session, if items wait for one. */
	public Optional<Lookup> nextLookup(long companyId, QbxmlVersion version, Instant now) {
		settle(companyId, now);
		return this.lostAdds.nextLookup(companyId, version, now);
	}

	/** The lookup left in outbox document {@code documentId}. */
	public void lookupSent(Lookup lookup, long documentId, Instant now) {
		this.items.lookupSent(lookup.itemIds(), documentId, now);
	}

	/** A release document left in this session: its items count as sent in the session's delivery. */
	public void sent(long companyId, long sessionId, Long deliveryExecutionId, long documentId, Instant now) {
		int inDocument = this.items.sent(documentId, deliveryExecutionId, now);
		this.executions.count(deliveryExecutionId, inDocument, 0, 0, 0, List.of());
	}

	/**
	 * QuickBooks answered a release or lookup document: every item in it moves on. Answers the statuses read from the
	 * answer, or empty when it could not be read.
	 */
	public Optional<List<QbResponseStatus>> received(long companyId, long documentId, String source, String response,
			Instant now) {
		return this.answers.received(companyId, documentId, source, response, now);
	}

	/** Starts the Spring Batch execution that stands for this session's delivery. */
	public long beginDelivery(long companyId, long sessionId) {
		return this.executions.begin(companyId, sessionId);
	}

	/** The session ended: its delivery is COMPLETED, or FAILED when an item failed or an answer is missing. */
	public void endDelivery(long executionId, boolean sessionFailed, int unanswered) {
		boolean failed = sessionFailed || unanswered > 0 || this.queries.failedInDelivery(executionId) > 0;
		this.executions.end(executionId, failed, failed ? "Some items failed or got no answer; see Unsynced Entities"
				: null);
	}

	/**
	 * Deliveries still marked running an hour after they started whose session no longer stands for them (the call
	 * that created one rolled back, or the session ended another way): ended FAILED, with their counts, so job views
	 * show no ghosts. Counts that came after their delivery ended go into its step too. Answers how many were ended.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public int endAbandoned() {
		List<Long> started = this.jobs.startedBefore(DeliveryExecutions.JOB_NAME, this.executions.now().minusHours(1));
		java.util.Set<Long> running = this.running.running(started);
		List<Long> abandoned = started.stream().filter((id) -> !running.contains(id)).toList();
		abandoned.forEach((id) -> this.executions.end(id, true, "Abandoned: its Web Connector session ended "
				+ "without closing it"));
		this.executions.addLateCounts();
		return abandoned.size();
	}

	/** The guide's entry for a code, for people. */
	public GuideEntry guide(String code, String message) {
		return this.guide.entryFor(code, message);
	}

}
