package io.qbsync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.company.Company;
import io.qbsync.outbox.Outbox;
import io.qbsync.outbox.OutboxDocument;
import io.qbsync.outbox.OutboxState;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.RecordReader;
import io.qbsync.qbxml.request.QbxmlMessage;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.request.Query;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.response.QbResponse;
import io.qbsync.qbxml.response.QbxmlResponseReader;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.wizard.SyncItem;
import io.qbsync.wizard.SyncItems;
import io.qbsync.wizard.SyncItems.Column;
import io.qbsync.wizard.SyncSettings;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.Decisions;
import io.qbsync.wizard.FieldChange;
import io.qbsync.wizard.ScanPlanner;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import io.qbsync.wizard.WizardItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Delivery of released documents and what comes back: each answer is split per item (requestID = item id) into the
 * item, the record's QuickBooks link and the delivery's step execution, and every status class of the guide is
 * handled. Called by the Web Connector service inside its transactions.
 *
 * <p>
 * The rule that keeps QuickBooks free of duplicates: an Add whose answer never came back (session died, hresult,
 * restart) or whose name is taken is never sent again blind. It waits for a lookup by name or RefNumber whose answer
 * is searched for our ExternalGUID; what is found is adopted, and only what is certainly absent is added again.
 */
@Component
public class Deliveries {

	public static final String LOOKUP_SOURCE = "lookup";

	public static final String RELEASE_SOURCE = "release";

	/** Objects a lookup by modification date returns at most; more means it cannot be sure. */
	private static final int LOOKUP_MAX = 500;

	/** The name the sync signs its own decisions with in the audit trail. */
	static final String SYSTEM = "qbsync";

	/** A LINK found its object already linked to another record: the code its item fails with. */
	static final String LINKED_ELSEWHERE = "LINKED";

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	/** The reference QuickBooks names in a 3140 message: ... invalid reference to QuickBooks Customer "Oak Hill" ... */
	private static final Pattern REFERENCE = Pattern.compile("\"([^\"]+)\"");

	private final SyncItems items;

	private final WizardItems wizardItems;

	private final Outbox outbox;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final QuickBooksChanges quickBooksChanges;

	private final DeliveryExecutions executions;

	private final Decisions decisions;

	private final SyncSettings settings;

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private final StatusGuide guide = StatusGuide.standard();

	Deliveries(SyncItems items, WizardItems wizardItems, Outbox outbox, SingleOpsRecords records,
			SingleOpsValues values, QuickBooksChanges quickBooksChanges, DeliveryExecutions executions,
			Decisions decisions, SyncSettings settings, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.items = items;
		this.wizardItems = wizardItems;
		this.outbox = outbox;
		this.records = records;
		this.values = values;
		this.quickBooksChanges = quickBooksChanges;
		this.executions = executions;
		this.decisions = decisions;
		this.settings = settings;
	}

	/** A lookup document to send: the queries, and the items waiting for their answers. */
	public record Lookup(String document, List<Long> itemIds) {
	}

	/** Whether a session has delivery work: items to release, lookups to send, or unsettled answers. */
	public boolean hasWork(long companyId, Instant now) {
		return this.items.hasReleasable(companyId, now) || this.items.hasAwaitingLookup(companyId)
				|| !this.items.unanswered(companyId).isEmpty();
	}

	/**
	 * Settles items whose document ended without a readable answer: a document QuickBooks certainly did not apply is
	 * released again (with backoff when QuickBooks could not read it); after an uncertain one, an Add waits for a
	 * lookup and anything else is simply sent again (a repeated Mod meets a new EditSequence and is refreshed, a
	 * repeated delete finds nothing to delete).
	 */
	public void settle(long companyId, Instant now) {
		this.items.releaseStaleBlocks(companyId, now);
		for (SyncItem item : this.items.unanswered(companyId)) {
			if (item.lookup() != null) {
				// the lookup itself was lost: ask again
				this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
						Column.of("lookup_document_id", null));
				continue;
			}
			OutboxDocument doc = this.outbox.find(companyId, item.documentId()).orElseThrow();
			if (doc.state() == OutboxState.FAILED) {
				if (doc.hresult() == null) {
					// never sent (written for a newer qbXML than this QuickBooks reads): release again
					backToRelease(item, now, null);
				}
				else {
					retryOrFail(item, doc.hresult(), doc.message(), HandlingClass.BUG, now);
				}
			}
			else if (sentAsAdd(item)) {
				this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
						Column.of("lookup", SyncItem.Lookup.IDENTITY), Column.of("lookup_document_id", null));
				log.info("Item {}: its Add may have reached QuickBooks; looking it up before anything else", item.id());
			}
			else {
				backToRelease(item, now, null);
			}
		}
	}

	/** The next lookup document for the session, if items wait for one. */
	public Optional<Lookup> nextLookup(long companyId, QbxmlVersion version, Instant now) {
		settle(companyId, now);
		List<SyncItem> waiting = this.items.awaitingLookup(companyId, this.settings.lookupBatch());
		if (waiting.isEmpty()) {
			return Optional.empty();
		}
		RequestWriter writer = new RequestWriter(version, true);
		List<QbxmlRequest> queries = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		for (SyncItem item : waiting) {
			EntityType type = Entities.byName(item.objectType()).orElseThrow();
			String requestId = Long.toString(item.id());
			Query query;
			if (item.lookup() == SyncItem.Lookup.REFRESH) {
				query = Query.byIds(linkedId(item));
			}
			else {
				String name = lookupName(item, type);
				boolean stamped = byStamp(item, type) && type.externalGuidSince().compareTo(version) <= 0;
				query = (name != null && !stamped) ? Query.byNames(name)
						: Query.modified(LocalDateTime.ofInstant(item.releasedAt(), ZoneOffset.UTC).minusDays(2),
								LocalDateTime.ofInstant(now, ZoneOffset.UTC).plusDays(2)).maxReturned(LOOKUP_MAX);
			}
			if (type.isList()) {
				query = query.includingInactive();
			}
			queries.add(writer.query(type, requestId, query));
			ids.add(item.id());
		}
		return Optional.of(new Lookup(QbxmlMessage.render(version, queries), ids));
	}

	/** The lookup left in outbox document {@code documentId}. */
	public void lookupSent(Lookup lookup, long documentId, Instant now) {
		for (Long id : lookup.itemIds()) {
			this.items.move(id, WizardItemState.PENDING, WizardItemState.PENDING, now,
					Column.of("lookup_document_id", documentId));
		}
	}

	/** A release document left in this session: its items count as sent in the session's delivery. */
	public void sent(long companyId, long sessionId, Long deliveryExecutionId, long documentId, Instant now) {
		List<SyncItem> inDocument = this.items.inDocument(documentId);
		for (SyncItem item : inDocument) {
			this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
					Column.of("delivery_execution_id", deliveryExecutionId));
		}
		this.executions.count(deliveryExecutionId, inDocument.size(), 0, 0, 0, List.of());
	}

	/** Starts the Spring Batch execution that stands for this session's delivery. */
	public long beginDelivery(long companyId, long sessionId) {
		return this.executions.begin(companyId, sessionId);
	}

	/**
	 * Deliveries still marked running an hour after they started whose session no longer stands for them (the call
	 * that created one rolled back, or the session ended another way): ended FAILED, so job views show no ghosts.
	 */
	@org.springframework.transaction.annotation.Transactional(
			propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
	public int endAbandoned() {
		List<Long> abandoned = this.jdbc.sql("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'sessionId'
				LEFT JOIN webconnector_sessions s ON s.id = CAST(p.PARAMETER_VALUE AS UNSIGNED)
				WHERE i.JOB_NAME = ? AND e.STATUS = 'STARTED' AND e.START_TIME < ?
					AND (s.id IS NULL OR s.state <> 'OPEN' OR s.delivery_execution_id IS NULL
						OR s.delivery_execution_id <> e.JOB_EXECUTION_ID)
				""")
			.params(DeliveryExecutions.JOB_NAME, this.executions.now().minusHours(1))
			.query(Long.class)
			.list();
		abandoned.forEach((id) -> this.executions.end(id, true, "Abandoned: its Web Connector session ended "
				+ "without closing it"));
		return abandoned.size();
	}

	/** The session ended: its delivery is COMPLETED, or FAILED when an item failed or an answer is missing. */
	public void endDelivery(long executionId, boolean sessionFailed, int unanswered) {
		boolean failed = sessionFailed || unanswered > 0 || this.items.failedInDelivery(executionId) > 0;
		this.executions.end(executionId, failed, failed ? "Some items failed or got no answer; see Unsynced Entities"
				: null);
	}

	/** QuickBooks answered a release or lookup document: every item in it moves on. */
	public void received(long companyId, long documentId, String source, String response, Instant now) {
		List<QbResponse> responses;
		try {
			responses = QbxmlResponseReader.readAll(response);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read QuickBooks' answer to document {}: {}", documentId, ex.getMessage());
			responses = List.of();
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
		boolean lookup = LOOKUP_SOURCE.equals(source);
		List<SyncItem> affected = lookup ? this.items.inLookup(documentId) : this.items.inDocument(documentId);
		Tally tally = new Tally();
		for (SyncItem item : affected) {
			QbResponse answer = byRequest.get(Long.toString(item.id()));
			if (answer == null) {
				// not in the answer: as good as lost
				if (lookup) {
					this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
							Column.of("lookup_document_id", null));
				}
				else if (sentAsAdd(item)) {
					this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
							Column.of("lookup", SyncItem.Lookup.IDENTITY), Column.of("lookup_document_id", null));
				}
				else {
					backToRelease(item, now, null);
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
		settleSuccesses(companyId, tally.succeeded, now);
		if (!tally.failed.isEmpty() || !tally.succeeded.isEmpty()) {
			// children of a parent that failed now fail with it (named), and those of one that landed go
			this.items.releaseStaleBlocks(companyId, now);
		}
		Long execution = affected.stream().map(SyncItem::deliveryExecutionId).filter((e) -> e != null).findFirst()
			.orElse(null);
		if (execution != null) {
			this.executions.count(execution, 0, tally.succeeded.size(), tally.failed.size(), tally.retried, tally.failed);
		}
	}

	private void answered(SyncItem item, QbResponse answer, Instant now, Tally tally) {
		int code = answer.status().statusCode();
		String message = answer.status().statusMessage();
		if (!answer.status().isError()) {
			if (item.action() == WizardAction.LINK && answer.objects().isEmpty()) {
				fail(item, Integer.toString(code), "The QuickBooks record to link to is no longer in QuickBooks. "
						+ "Resync the record to add it, or pick another record to link.", HandlingClass.NEEDS_PERSON,
						now, tally);
				return;
			}
			QbObject object = answer.objects().isEmpty() ? null : answer.objects().get(0);
			if (item.action() == WizardAction.LINK && object != null) {
				Optional<String> holder = linkedElsewhere(item, object.id(), tally);
				if (holder.isPresent()) {
					String label = Entities.byName(item.objectType()).map(EntityType::label).orElse("record");
					String ours = (item.recordId() == null) ? item.externalId()
							: this.records.findById(item.companyId(), item.recordId()).map(this::displayName)
								.orElse(item.externalId());
					fail(item, LINKED_ELSEWHERE, "The " + label + " \"" + ours + "\" was not linked to the QuickBooks "
							+ label + " \"" + object.displayName() + "\": while the link waited, that QuickBooks "
							+ label + " was linked to " + holder.get() + ", and one QuickBooks record is never linked "
							+ "to two. Delete the record you do not need in the field-service app; if both are needed, "
							+ "rename this one and Resync it to add it to QuickBooks.", HandlingClass.NEEDS_PERSON, now,
							tally);
					return;
				}
				tally.linked.add(object.id());
			}
			succeed(item, (object != null) ? object.id() : item.qbId(), (object != null) ? object.editSequence() : null,
					now, tally);
			if (item.action() == WizardAction.LINK && object != null) {
				offerUpdate(item, object, false, "it is linked now, and QuickBooks' copy differs", now);
			}
			return;
		}
		if (code == 3120) {
			// QuickBooks no longer has the object this record is linked to
			this.quickBooksChanges.stageDeleted(item.companyId(), item.objectType(), linkedId(item),
					item.summary(), documentId(item), now);
			if (item.action() == WizardAction.DELETE) {
				// what the delete wanted
				succeed(item, item.qbId(), null, now, tally);
				return;
			}
		}
		HandlingClass handling = this.guide.classify(Integer.toString(code), answer.status().requestType(), message);
		switch (handling) {
			case RETRY_LATER -> retryOrFail(item, Integer.toString(code), message, handling, now, tally);
			case REFRESH_AND_RETRY -> {
				this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
						Column.of("lookup", SyncItem.Lookup.REFRESH), Column.of("lookup_document_id", null),
						Column.of("result_code", Integer.toString(code)), Column.of("result_message", message));
				tally.retried++;
			}
			case CHECK_DUPLICATE -> {
				if (sentAsAdd(item)) {
					this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
							Column.of("lookup", SyncItem.Lookup.IDENTITY), Column.of("lookup_document_id", null),
							Column.of("result_code", Integer.toString(code)), Column.of("result_message", message));
					tally.retried++;
				}
				else {
					fail(item, Integer.toString(code), message, HandlingClass.NEEDS_PERSON, now, tally);
				}
			}
			case DEPENDENCY -> dependency(item, Integer.toString(code), message, now, tally);
			default -> fail(item, Integer.toString(code), message, handling, now, tally);
		}
	}

	private void lookedUp(SyncItem item, QbResponse answer, Instant now, Tally tally) {
		EntityType type = Entities.byName(item.objectType()).orElseThrow();
		if (answer.status().isError() && !answer.status().isNoMatch()) {
			// the lookup itself failed: ask again later (never fall back to sending the Add)
			int attempts = item.attempts() + 1;
			String code = Integer.toString(answer.status().statusCode());
			if (attempts >= this.settings.maxAttempts()) {
				fail(item, "LOOKUP", "qbsync could not look this record up in QuickBooks to see whether it arrived "
						+ "(QuickBooks answered " + code + ": " + answer.status().statusMessage() + "). Look for it in "
						+ "QuickBooks: if it is there, use Clear ID to link it; if not, Resync.",
						HandlingClass.NEEDS_PERSON, now, tally);
				return;
			}
			this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.PENDING, now,
					Column.of("lookup_document_id", null), Column.of("attempts", attempts),
					Column.of("result_code", code), Column.of("result_message", answer.status().statusMessage()));
			tally.retried++;
			return;
		}
		if (item.lookup() == SyncItem.Lookup.REFRESH) {
			refreshed(item, type, answer.objects().isEmpty() ? null : answer.objects().get(0), now, tally);
			return;
		}
		String ours = item.identity().toString();
		String linked = linkedId(item);
		for (QbObject object : answer.objects()) {
			String guid = object.externalGuid();
			if ((guid != null && guid.replace("{", "").replace("}", "").equalsIgnoreCase(ours))
					|| (linked != null && linked.equals(object.id()))) {
				log.info("Item {}: found our earlier Add in QuickBooks ({}); adopted, not added again", item.id(),
						object.id());
				succeed(item, object.id(), object.editSequence(), now, tally);
				// the bookkeeper may have changed it before the lookup found it (renamed it, say): linked at its
				// current version, those values are not the record's, so the differences wait in the wizard
				offerUpdate(item, object, true, "it was found in QuickBooks after its answer was lost, and QuickBooks' "
						+ "copy differs", now);
				return;
			}
		}
		if (!answer.objects().isEmpty() && !identityReadable(item, type)) {
			// below qbXML 8.0 (lists) / 9.0 (transactions) an Add carries no ExternalGUID: what the lookup found may
			// or may not be ours, so a person decides, with what QuickBooks holds in front of them
			QbObject found = answer.objects().get(0);
			int more = answer.objects().size() - 1;
			fail(item, "LOST", "qbsync sent this " + type.label() + " to QuickBooks and cannot tell whether it "
					+ "arrived: QuickBooks holds " + type.label() + " \"" + found.displayName() + "\" (" + found.id()
					+ ((found.timeCreated() != null) ? ", created " + found.timeCreated().raw() : "") + ")"
					+ ((more > 0) ? " and " + more + " more that could be it" : "") + ", but this QuickBooks speaks a "
					+ "qbXML version too old to carry qbsync's identity stamp, so qbsync cannot tell whether that is "
					+ "the one it sent. Look at it in QuickBooks: if it is this record, use Clear ID to link it; if "
					+ "not, rename one of them and Resync.", HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		boolean stamped = byStamp(item, type);
		boolean nameTaken = "3100".equals(item.resultCode())
				|| (type.isList() && !stamped && !answer.objects().isEmpty());
		if (nameTaken) {
			QbObject other = answer.objects().isEmpty() ? null : answer.objects().get(0);
			String name = (other != null) ? other.displayName() : lookupName(item, type);
			// a type qbsync does not map (OtherName) reads "other name"
			String holder = (other != null) ? Entities.byName(other.type()).map(EntityType::label)
				.orElse(other.type().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)) + " \""
					+ other.displayName() + "\"" : null;
			fail(item, "3100", "The name \"" + name + "\" is already used in QuickBooks by "
					+ ((holder != null) ? "the " + holder + ", " : "") + "a record qbsync did not create. Rename one of "
					+ "them, or use Clear ID on the record to link it to the existing QuickBooks record.",
					HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		if ((stamped || !type.isList()) && answer.objects().size() >= LOOKUP_MAX) {
			// too many candidates to be sure ours is not among them: a person decides, nothing is added blind
			fail(item, "LOST", "qbsync sent this " + type.label() + " to QuickBooks but the answer was lost, and could "
					+ "not tell whether it arrived (too many " + type.label() + "s changed in those days to check). "
					+ "Look for it in QuickBooks: if it is there, use Clear ID to link it; if not, Resync.",
					HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		// certainly not in QuickBooks: adding it now cannot make a second one
		backToRelease(item, now, null);
		tally.retried++;
	}

	/**
	 * The object's current version, after a stale EditSequence: our change goes out again on the new EditSequence
	 * unless QuickBooks changed one of the same fields to something else (then it is a conflict for the admin).
	 */
	private void refreshed(SyncItem item, EntityType type, QbObject object, Instant now, Tally tally) {
		if (object == null) {
			this.quickBooksChanges.stageDeleted(item.companyId(), item.objectType(), linkedId(item), item.summary(),
					documentId(item), now);
			fail(item, "3120", "The QuickBooks record this record is linked to is no longer in QuickBooks. Use Clear "
					+ "ID to add the record to QuickBooks again.", HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElseThrow();
		List<String> clashes = new ArrayList<>();
		if (item.action() == WizardAction.UPDATE && !"SINGLEOPS".equals(item.resolution())) {
			Map<String, Object> theirs = read(type, object);
			Map<String, Object> ours = this.values.map(record).values();
			for (FieldChange change : item.changes()) {
				String current = ScanPlanner.text(theirs.get(change.field()));
				boolean unchanged = java.util.Objects.equals(current, change.before());
				boolean alreadyOurs = java.util.Objects.equals(current, ScanPlanner.text(ours.get(change.field())));
				if (!change.field().equals("lines") && !unchanged && !alreadyOurs) {
					clashes.add(change.label());
				}
			}
			if (!clashes.isEmpty()) {
				conflict(item, type, record, theirs, ours, clashes, now);
				tally.failed.add(item.id());
				return;
			}
		}
		this.records.setQuickBooksLink(item.companyId(), record.id(), new QuickBooksLink(object.id(),
				object.editSequence(), record.quickBooks().lastSyncedAt(), record.quickBooks().syncState()));
		backToRelease(item, now, null);
		tally.retried++;
	}

	private void conflict(SyncItem item, EntityType type, StoredRecord record, Map<String, Object> theirs,
			Map<String, Object> ours, List<String> clashes, Instant now) {
		this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.WITHDRAWN, now, Column.of("lookup", null),
				Column.of("result_message", "QuickBooks changed " + String.join(", ", clashes) + " too: the Sync "
						+ "Wizard asks which version to keep."),
				Column.of("finished_at", now));
		this.items.unblockLaterExports(item.companyId(), record.id(), now);
		String label = type.label() + " \"" + item.summary().replaceAll(".*\"(.*)\".*", "$1") + "\"";
		// built from the record as it is now, so it carries that version: the record may have changed again while this
		// change was on its way, and a conflict marked with the older version would be withdrawn as stale once settled
		this.wizardItems.upsertOpen(new WizardItem(0, item.companyId(), io.qbsync.qbxml.entity.Direction.EXPORT,
				type.name(), record.id(), record.type().path(), record.externalId(), object(record), WizardAction.CONFLICT,
				WizardItemState.OPEN, label + " changed in both the field-service app and QuickBooks: choose which "
						+ "version to keep",
				ScanPlanner.conflictDiff(type, theirs, ours), List.of(), null, true, Integer.toString(record.version()),
				null, null), now);
		this.decisions.record(item.companyId(), item.id(), SYSTEM, "CONFLICT",
				"QuickBooks changed " + String.join(", ", clashes) + " since the change was approved", now);
	}

	/**
	 * A record just linked to a QuickBooks object that holds other values (a link, or our lost Add found again after
	 * the bookkeeper changed it): the differences are offered as an Update in the Sync Wizard (nothing is overwritten
	 * in QuickBooks until the admin approves it).
	 */
	private void offerUpdate(SyncItem item, QbObject object, boolean asSent, String why, Instant now) {
		EntityType type = Entities.byName(item.objectType()).orElseThrow();
		StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElse(null);
		if (record == null || record.deleted()) {
			return;
		}
		Map<String, Object> ours = this.values.map(record).values();
		// only what an Update would send: a field the record leaves out stays as QuickBooks has it
		// asSent: what qbsync sent is no difference (a typographic apostrophe goes out plain)
		List<FieldChange> changes = ScanPlanner.diff(type, read(type, object), ours)
			.stream()
			.filter((c) -> ours.containsKey(c.field()))
			.filter((c) -> !asSent || c.after() == null || !RequestWriter.plain(c.after()).equals(c.before()))
			.toList();
		if (changes.isEmpty()) {
			return;
		}
		String label = type.label() + " \"" + object.displayName() + "\"";
		this.wizardItems.upsertOpen(new WizardItem(0, item.companyId(), io.qbsync.qbxml.entity.Direction.EXPORT,
				type.name(), record.id(), record.type().path(), record.externalId(), object.id(), WizardAction.UPDATE,
				WizardItemState.OPEN, "Update " + label + " in QuickBooks (" + changes.size() + " field"
						+ ((changes.size() == 1) ? "" : "s") + "): " + why,
				changes, List.of(), null, true, Integer.toString(record.version()), null, null), now);
	}

	/** 3140: the missing parent goes first; the child waits for it. */
	private void dependency(SyncItem item, String code, String message, Instant now, Tally tally) {
		Matcher m = REFERENCE.matcher((message != null) ? message : "");
		String named = m.find() ? m.group(1) : null;
		StoredRecord parent = null;
		for (StoredRecord candidate : this.records.parents(item.companyId(), item.recordId())) {
			SingleOpsValues.Mapped mapped = this.values.map(candidate);
			Object name = mapped.values().get(mapped.type().displayField());
			if (named != null && (named.equals(candidate.quickBooks().id()) || named.equals(ScanPlanner.text(name)))) {
				parent = candidate;
			}
		}
		if (parent == null) {
			fail(item, code, message, HandlingClass.DEPENDENCY, now, tally);
			return;
		}
		int attempts = item.attempts() + 1;
		if (attempts >= this.settings.maxAttempts()) {
			fail(item, code, message, HandlingClass.DEPENDENCY, now, tally);
			return;
		}
		String gone = parent.quickBooks().id();
		SingleOpsValues.Mapped mapped = this.values.map(parent);
		if (gone != null) {
			// QuickBooks says the parent we linked is not there: forget the link (and record the object as deleted,
			// so nothing offers it for relinking), drop changes meant for it, and add the parent again, first
			this.quickBooksChanges.stageDeleted(item.companyId(), mapped.type().name(), gone,
					ScanPlanner.text(mapped.values().get(mapped.type().displayField())), documentId(item), now);
			this.records.clearQuickBooksLink(item.companyId(), parent.id());
			this.items.withdrawWaitingExports(item.companyId(), parent.id(), "QuickBooks no longer has this record; it "
					+ "is added again instead.", now);
		}
		if (this.items.unfinishedExport(item.companyId(), parent.id())
			.filter((e) -> e.action() == WizardAction.ADD)
			.isEmpty()) {
			long added = this.items.insertApproved(item.companyId(), mapped.type().name(), parent, WizardAction.ADD,
					"Add " + mapped.type().label() + " \"" + ScanPlanner.text(mapped.values().get(
							mapped.type().displayField())) + "\" to QuickBooks again (it is no longer there, and "
							+ item.summary().replaceFirst("^\\w+ ", "") + " needs it)",
					ApprovalService.rank(mapped.type().name(), WizardAction.ADD), now);
			this.decisions.record(item.companyId(), added, SYSTEM, "APPROVE",
					"QuickBooks answered 3140 for item " + item.id() + ": its parent is added again first", now);
		}
		this.items.move(item.id(), WizardItemState.PENDING, WizardItemState.APPROVED, now,
				Column.of("blocked_by_record_id", parent.id()), Column.of("document_id", null),
				Column.of("attempts", attempts),
				Column.of("result_code", code), Column.of("result_message", "Waits for its " + parent.type().path()
						.replaceAll("s$", "") + " \"" + parent.externalId() + "\" to reach QuickBooks first."));
		tally.retried++;
	}

	/** Applied in QuickBooks: written with the others of the same answer by {@link #settleSuccesses}. */
	/**
	 * Another live record of the kind already linked to the object a LINK found (the host app linked one with
	 * {@code ?linkTo=} while the link waited, or an earlier LINK in this answer took it): one object never has two
	 * records, so the second link is refused.
	 */
	private Optional<String> linkedElsewhere(SyncItem item, String qbId, Tally tally) {
		RecordType type = RecordType.fromPath(item.recordType()).orElse(null);
		if (type == null) {
			return Optional.empty();
		}
		Optional<StoredRecord> holder = this.records.findLinked(item.companyId(), type, qbId)
			.filter((r) -> !r.deleted() && !java.util.Objects.equals(r.id(), item.recordId()));
		if (holder.isPresent()) {
			return Optional.of("the field-service " + type.path().replaceAll("s$", "") + " \""
					+ displayName(holder.get()) + "\" (id " + holder.get().externalId() + " in the field-service app)");
		}
		return tally.linked.contains(qbId) ? Optional.of("another record of the field-service app in the same run")
				: Optional.empty();
	}

	private void succeed(SyncItem item, String qbId, String editSequence, Instant now, Tally tally) {
		tally.succeeded.add(new Succeeded(item, qbId, editSequence));
	}

	/**
	 * The items QuickBooks applied, in a few batched statements: SUCCEEDED, and each record linked to its object
	 * (ListID/TxnID, EditSequence) as synced at its release time, so a change made after release still counts as
	 * unsynced; what waited for those records is released.
	 */
	private void settleSuccesses(long companyId, List<Succeeded> succeeded, Instant now) {
		if (succeeded.isEmpty()) {
			return;
		}
		Map<Long, StoredRecord> records = new HashMap<>();
		this.records.findAllById(companyId, succeeded.stream().map((s) -> s.item().recordId())
			.filter(java.util.Objects::nonNull)
			.toList()).forEach((r) -> records.put(r.id(), r));
		Map<Long, QuickBooksLink> links = new HashMap<>();
		for (Succeeded s : succeeded) {
			StoredRecord record = (s.item().recordId() != null) ? records.get(s.item().recordId()) : null;
			if (record != null) {
				String sequence = (s.editSequence() != null) ? s.editSequence() : record.quickBooks().editSequence();
				Instant released = (s.item().releasedAt() != null) ? s.item().releasedAt() : now;
				links.put(record.id(), new QuickBooksLink(s.qbId(), sequence, released, SyncState.SYNCED));
			}
		}
		this.items.succeedAll(companyId, succeeded.stream().map((s) -> new SyncItems.Success(s.item(), s.qbId())).toList(),
				now);
		this.records.setQuickBooksLinks(companyId, links);
	}

	private record Succeeded(SyncItem item, String qbId, String editSequence) {
	}


	private void fail(SyncItem item, String code, String message, HandlingClass handling, Instant now, Tally tally) {
		fail(item, code, message, handling, now);
		tally.failed.add(item.id());
	}

	private void fail(SyncItem item, String code, String message, HandlingClass handling, Instant now) {
		this.items.move(item.id(), item.state(), WizardItemState.FAILED, now, Column.of("lookup", null),
				Column.of("lookup_document_id", null), Column.of("result_code", code),
				Column.of("result_message", cut(message)), Column.of("result_class", handling),
				Column.of("attempts", item.attempts() + 1),
				Column.of("first_failed_at", (item.firstFailedAt() != null) ? item.firstFailedAt() : now),
				Column.of("last_failed_at", now), Column.of("finished_at", now));
		if (item.recordId() != null) {
			if (!SyncItem.FATE_UNKNOWN.contains(code)) {
				// it certainly did not arrive: a later change of the record may go now
				this.items.unblockLaterExports(item.companyId(), item.recordId(), now);
			}
			this.records.findById(item.companyId(), item.recordId()).ifPresent((r) -> this.records.setQuickBooksLink(
					item.companyId(), r.id(), new QuickBooksLink(r.quickBooks().id(), r.quickBooks().editSequence(),
							r.quickBooks().lastSyncedAt(), SyncState.FAILED)));
		}
		log.info("Item {} failed: {} {}", item.id(), code, message);
	}

	private void retryOrFail(SyncItem item, String code, String message, HandlingClass handling, Instant now,
			Tally tally) {
		if (retryOrFail(item, code, message, handling, now)) {
			tally.retried++;
		}
		else {
			tally.failed.add(item.id());
		}
	}

	/** Answers true when the item will be retried, false when it ran out of tries and failed. */
	private boolean retryOrFail(SyncItem item, String code, String message, HandlingClass handling, Instant now) {
		int attempts = item.attempts() + 1;
		if (attempts >= this.settings.maxAttempts()) {
			fail(item, code, message, handling, now);
			return false;
		}
		Duration wait = this.settings.backoff(attempts);
		this.items.move(item.id(), item.state(), WizardItemState.APPROVED, now, Column.of("document_id", null),
				Column.of("lookup", null), Column.of("lookup_document_id", null), Column.of("attempts", attempts),
				Column.of("next_attempt_at", now.plus(wait)), Column.of("result_code", code),
				Column.of("result_class", handling), Column.of("result_message", cut(message)),
				Column.of("first_failed_at", (item.firstFailedAt() != null) ? item.firstFailedAt() : now),
				Column.of("last_failed_at", now));
		log.info("Item {}: QuickBooks answered {}; try {} of {} in {}", item.id(), code, attempts + 1,
				this.settings.maxAttempts(), wait);
		return true;
	}

	private void backToRelease(SyncItem item, Instant now, Instant notBefore) {
		this.items.move(item.id(), item.state(), WizardItemState.APPROVED, now, Column.of("document_id", null),
				Column.of("lookup", null), Column.of("lookup_document_id", null), Column.of("next_attempt_at", notBefore));
	}

	/** The QuickBooks object the item's record is linked to now (an Add that became a Mod has none of its own). */
	private String linkedId(SyncItem item) {
		return this.records.findById(item.companyId(), item.recordId())
			.map((r) -> r.quickBooks().id())
			.orElse(item.qbId());
	}

	/**
	 * Whether our identity stamp can be read back: the Add went out, and the lookup asked, in a qbXML version that
	 * carries ExternalGUID for the type.
	 */
	private boolean identityReadable(SyncItem item, EntityType type) {
		QbxmlVersion since = type.externalGuidSince();
		if (since == null) {
			return false;
		}
		for (Long document : java.util.Arrays.asList(item.documentId(), item.lookupDocumentId())) {
			if (document != null) {
				Optional<QbxmlVersion> version = this.outbox.find(item.companyId(), document)
					.flatMap((d) -> QbxmlVersion.parse(d.qbxmlVersion()));
				if (version.isPresent() && version.get().compareTo(since) < 0) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Whether a lost Add is looked for by its identity stamp among everything changed in QuickBooks since it went out,
	 * rather than by the name or number it went out with: a bookkeeper who renames (or renumbers) the object between
	 * the Add and the lookup would hide it from a lookup by name, and the Add would go out again as a second object.
	 * After a 3100 the name is what matters: who holds it.
	 */
	private boolean byStamp(SyncItem item, EntityType type) {
		return !"3100".equals(item.resultCode()) && item.releasedAt() != null && identityReadable(item, type);
	}

	/** Whether the item last went out as an Add (an Add of a record linked meanwhile goes out as a Mod). */
	private static boolean sentAsAdd(SyncItem item) {
		return "ADD".equals(item.sentAs()) || (item.sentAs() == null && item.action() == WizardAction.ADD);
	}

	private static long documentId(SyncItem item) {
		return (item.lookupDocumentId() != null) ? item.lookupDocumentId()
				: (item.documentId() != null) ? item.documentId() : 0;
	}

	private static String object(StoredRecord record) {
		return record.quickBooks().id();
	}

	/** The name a record goes by (a customer's name, an invoice's number), or its external id when it has none. */
	private String displayName(StoredRecord record) {
		SingleOpsValues.Mapped mapped = this.values.map(record);
		Object name = mapped.values().get(mapped.type().displayField());
		return (name != null) ? ScanPlanner.text(name) : record.externalId();
	}

	/** The name (lists) or RefNumber (transactions) an Add went out with, to find it again. */
	private String lookupName(SyncItem item, EntityType type) {
		if (item.sentKey() != null) {
			// the name the Add went out with, even if the record was renamed since
			return item.sentKey();
		}
		StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElse(null);
		if (record == null) {
			return null;
		}
		Map<String, Object> v = this.values.map(record).values();
		Object name = type.isList() ? v.get("name") : v.get(type.name().equals("Invoice") ? "number" : "reference");
		return ScanPlanner.text(RequestWriter.plain(ScanPlanner.text(name)));
	}

	private static Map<String, Object> read(EntityType type, QbObject object) {
		List<RecordReader.LineFields> lines = new ArrayList<>();
		if (type.lines() != null) {
			object.lines(type.lines().retElement())
				.forEach((l) -> lines.add(new RecordReader.LineFields(l.txnLineId(), l.fields())));
		}
		return RecordReader.read(type, object.fields(), lines);
	}

	private static String cut(String text) {
		return (text == null || text.length() <= 2000) ? text : text.substring(0, 1997) + "...";
	}

	/** The guide's entry for a code, for people. */
	public GuideEntry guide(String code, String message) {
		return this.guide.entryFor(code, message);
	}

	/** What one answer did, for the delivery's step execution. */
	private static final class Tally {

		final List<Succeeded> succeeded = new ArrayList<>();

		int retried;

		final List<Long> failed = new ArrayList<>();

		/** Objects a LINK in this answer took. */
		final java.util.Set<String> linked = new java.util.HashSet<>();

	}

}
