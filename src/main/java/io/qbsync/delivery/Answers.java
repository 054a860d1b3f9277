package io.qbsync.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.response.QbResponse;
import io.qbsync.qbxml.response.QbResponseStatus;
import io.qbsync.qbxml.response.QbxmlResponseReader;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * QuickBooks' answer to a release or lookup document, split per item (requestID = item id) and routed by the
 * status-code guide's handling class to the class that owns its rule: RETRY_LATER to {@link RetryPolicy},
 * REFRESH_AND_RETRY and the refreshed object to {@link WizardHandBack}, CHECK_DUPLICATE to {@link LostAdds},
 * DEPENDENCY to {@link MissingParents}; the rest fail for a person.
 */
@Component
class Answers {

	private static final Logger log = LoggerFactory.getLogger(Answers.class);

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final SingleOpsRecords records;

	private final QuickBooksChanges quickBooksChanges;

	private final DeliveryExecutions executions;

	private final RetryPolicy retry;

	private final Links links;

	private final LostAdds lostAdds;

	private final MissingParents missingParents;

	private final WizardHandBack handBack;

	private final StatusGuide guide = StatusGuide.standard();

	Answers(ItemTransitions items, ItemQueries queries, SingleOpsRecords records, QuickBooksChanges quickBooksChanges,
			DeliveryExecutions executions, RetryPolicy retry, Links links, LostAdds lostAdds,
			MissingParents missingParents, WizardHandBack handBack) {
		this.items = items;
		this.queries = queries;
		this.records = records;
		this.quickBooksChanges = quickBooksChanges;
		this.executions = executions;
		this.retry = retry;
		this.links = links;
		this.lostAdds = lostAdds;
		this.missingParents = missingParents;
		this.handBack = handBack;
	}

	/**
	 * QuickBooks answered a release or lookup document: every item in it moves on. Answers the statuses read, or
	 * empty when the answer could not be read.
	 */
	Optional<List<QbResponseStatus>> received(long companyId, long documentId, String source, String response,
			Instant now) {
		List<QbResponse> responses;
		boolean readable = true;
		try {
			responses = QbxmlResponseReader.readAll(response);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read QuickBooks' answer to document {}: {}", documentId, ex.getMessage());
			responses = List.of();
			readable = false;
		}
		Map<String, QbResponse> byRequest = new HashMap<>();
		List<QbObject> objects = new ArrayList<>();
		for (QbResponse r : responses) {
			if (r.requestId() != null) {
				byRequest.putIfAbsent(r.requestId(), r);
			}
			objects.addAll(r.objects());
		}
		this.quickBooksChanges.stage(companyId, objects, documentId, now);
		boolean lookup = Deliveries.LOOKUP_SOURCE.equals(source);
		List<WizardItem> affected = lookup ? this.queries.inLookup(documentId) : this.queries.inDocument(documentId);
		Tally tally = new Tally();
		for (WizardItem item : affected) {
			QbResponse answer = byRequest.get(Long.toString(item.id()));
			if (answer == null) {
				// not in the answer: as good as lost
				if (lookup) {
					this.retry.lookupLost(item, now);
				}
				else {
					this.retry.answerLost(item, now);
				}
				continue;
			}
			if (lookup) {
				lookedUp(item, answer, now, tally);
			}
			else {
				answered(item, answer, now, tally);
			}
		}
		this.links.settle(companyId, tally.succeeded, now);
		if (!tally.failed.isEmpty() || !tally.succeeded.isEmpty()) {
			// children of a parent that failed now fail with it (named), and those of one that landed go
			this.items.releaseStaleBlocks(companyId, now);
		}
		Long execution = affected.stream()
			.map((i) -> i.progress().deliveryExecutionId())
			.filter((e) -> e != null)
			.findFirst()
			.orElse(null);
		if (execution != null) {
			this.executions.count(execution, 0, tally.succeeded.size(), tally.failed.size(), tally.retried,
					tally.failed);
		}
		return readable ? Optional.of(responses.stream().map(QbResponse::status).toList()) : Optional.empty();
	}

	/** The answer to an Add, Mod, delete or link. */
	private void answered(WizardItem item, QbResponse answer, Instant now, Tally tally) {
		int code = answer.status().statusCode();
		String message = answer.status().statusMessage();
		if (!answer.status().isError()) {
			applied(item, answer, now, tally);
			return;
		}
		if (code == 3120) {
			// QuickBooks no longer has the object this record is linked to
			this.links.gone(item, item.objectType(), this.links.linkedId(item), item.summary(), now);
			if (item.action() == WizardAction.DELETE) {
				// what the delete wanted
				tally.succeed(item, item.qbId(), null);
				return;
			}
		}
		String status = Integer.toString(code);
		HandlingClass handling = this.guide.classify(status, answer.status().requestType(), message);
		switch (handling) {
			case RETRY_LATER -> this.retry.retryOrFail(item, status, message, handling, now, tally);
			// a stale EditSequence: the object's current version is looked up, then WizardHandBack.refreshed
			case REFRESH_AND_RETRY -> this.retry.lookUp(item, WizardItem.Lookup.REFRESH, status, message, now, tally);
			case CHECK_DUPLICATE -> {
				if (RetryPolicy.sentAsAdd(item)) {
					// the name is taken: perhaps by our own earlier Add, whose answer was lost
					this.retry.lookUp(item, WizardItem.Lookup.IDENTITY, status, message, now, tally);
				}
				else {
					this.retry.fail(item, status, message, HandlingClass.NEEDS_PERSON, now, tally);
				}
			}
			case DEPENDENCY -> this.missingParents.dependency(item, status, message, now, tally);
			default -> this.retry.fail(item, status, message, handling, now, tally);
		}
	}

	/** QuickBooks applied the request; a LINK takes its object unless another record holds it. */
	private void applied(WizardItem item, QbResponse answer, Instant now, Tally tally) {
		int code = answer.status().statusCode();
		if (item.action() == WizardAction.LINK && answer.objects().isEmpty()) {
			this.retry.fail(item, Integer.toString(code), "The QuickBooks record to link to is no longer in QuickBooks. "
					+ "Resync the record to add it, or pick another record to link.", HandlingClass.NEEDS_PERSON, now,
					tally);
			return;
		}
		QbObject object = answer.objects().isEmpty() ? null : answer.objects().get(0);
		if (item.action() == WizardAction.LINK && object != null) {
			Optional<String> holder = this.links.linkedElsewhere(item, object.id(), tally);
			if (holder.isPresent()) {
				String label = Entities.byName(item.objectType()).map(EntityType::label).orElse("record");
				String ours = (item.recordId() == null) ? item.externalId()
						: this.records.findById(item.companyId(), item.recordId()).map(this.links::displayName)
							.orElse(item.externalId());
				this.retry.fail(item, Deliveries.LINKED_ELSEWHERE, "The " + label + " \"" + ours + "\" was not linked "
						+ "to the QuickBooks " + label + " \"" + object.displayName() + "\": while the link waited, "
						+ "that QuickBooks " + label + " was linked to " + holder.get() + ", and one QuickBooks record is "
						+ "never linked to two. Delete the record you do not need in the field-service app; if both "
						+ "are needed, rename this one and Resync it to add it to QuickBooks.",
						HandlingClass.NEEDS_PERSON, now, tally);
				return;
			}
			tally.linked.add(object.id());
		}
		tally.succeed(item, (object != null) ? object.id() : item.qbId(),
				(object != null) ? object.editSequence() : null);
		if (item.action() == WizardAction.LINK && object != null) {
			this.handBack.offerUpdate(item, object, false, "it is linked now, and QuickBooks' copy differs", now);
		}
	}

	/** The answer to a lookup: a refreshed object, or the search for a lost Add. */
	private void lookedUp(WizardItem item, QbResponse answer, Instant now, Tally tally) {
		EntityType type = Entities.byName(item.objectType()).orElseThrow();
		if (answer.status().isError() && !answer.status().isNoMatch()) {
			this.retry.lookupFailed(item, Integer.toString(answer.status().statusCode()),
					answer.status().statusMessage(), now, tally);
			return;
		}
		if (item.progress().lookup() == WizardItem.Lookup.REFRESH) {
			this.handBack.refreshed(item, type, answer.objects().isEmpty() ? null : answer.objects().get(0), now, tally);
			return;
		}
		this.lostAdds.lookedUp(item, type, answer, now, tally);
	}

}
