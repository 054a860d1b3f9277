package io.qbsync.delivery;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.qbsync.outbox.Outbox;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.request.QbxmlMessage;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.request.Query;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.response.QbResponse;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.SyncSettings;
import io.qbsync.wizard.WizardItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The lookups that keep QuickBooks free of duplicates: an Add whose answer never came back, or whose name is taken,
 * is never sent again blind. It is looked for by its identity stamp (ExternalGUID) among what changed since it went
 * out, or by the name or RefNumber it went out with; what is found is adopted, and only what is certainly absent is
 * added again. The same lookup document also carries the refresh queries of stale EditSequences.
 */
@Component
class LostAdds {

	private static final Logger log = LoggerFactory.getLogger(LostAdds.class);

	/** Objects a lookup by modification date returns at most; more means it cannot be sure. */
	private static final int LOOKUP_MAX = 500;

	private final ItemQueries items;

	private final Outbox outbox;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final SyncSettings settings;

	private final Links links;

	private final WizardHandBack handBack;

	private final RetryPolicy retry;

	LostAdds(ItemQueries items, Outbox outbox, SingleOpsRecords records, SingleOpsValues values, SyncSettings settings,
			Links links, WizardHandBack handBack, RetryPolicy retry) {
		this.items = items;
		this.outbox = outbox;
		this.records = records;
		this.values = values;
		this.settings = settings;
		this.links = links;
		this.handBack = handBack;
		this.retry = retry;
	}

	/** The next lookup document, if items wait for one. */
	Optional<Deliveries.Lookup> nextLookup(long companyId, QbxmlVersion version, Instant now) {
		List<WizardItem> waiting = this.items.awaitingLookup(companyId, this.settings.lookupBatch());
		if (waiting.isEmpty()) {
			return Optional.empty();
		}
		RequestWriter writer = new RequestWriter(version, true);
		List<QbxmlRequest> queries = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		for (WizardItem item : waiting) {
			EntityType type = Entities.byName(item.objectType()).orElseThrow();
			String requestId = Long.toString(item.id());
			Query query;
			if (item.progress().lookup() == WizardItem.Lookup.REFRESH) {
				query = Query.byIds(this.links.linkedId(item));
			}
			else {
				String name = lookupName(item, type);
				boolean stamped = byStamp(item, type) && type.externalGuidSince().compareTo(version) <= 0;
				query = (name != null && !stamped) ? Query.byNames(name)
						: Query.modified(
								LocalDateTime.ofInstant(item.progress().releasedAt(), ZoneOffset.UTC).minusDays(2),
								LocalDateTime.ofInstant(now, ZoneOffset.UTC).plusDays(2)).maxReturned(LOOKUP_MAX);
			}
			if (type.isList()) {
				query = query.includingInactive();
			}
			queries.add(writer.query(type, requestId, query));
			ids.add(item.id());
		}
		return Optional.of(new Deliveries.Lookup(QbxmlMessage.render(version, queries), ids));
	}

	/** QuickBooks answered the lookup of a lost Add (or one whose name was taken): adopted, failed, or added again. */
	void lookedUp(WizardItem item, EntityType type, QbResponse answer, Instant now, Tally tally) {
		String ours = item.progress().identity().toString();
		String linked = this.links.linkedId(item);
		for (QbObject object : answer.objects()) {
			String guid = object.externalGuid();
			if ((guid != null && guid.replace("{", "").replace("}", "").equalsIgnoreCase(ours))
					|| (linked != null && linked.equals(object.id()))) {
				log.info("Item {}: found our earlier Add in QuickBooks ({}); adopted, not added again", item.id(),
						object.id());
				tally.succeed(item, object.id(), object.editSequence());
				// the bookkeeper may have changed it before the lookup found it (renamed it, say): linked at its
				// current version, those values are not the record's, so the differences wait in the wizard
				this.handBack.offerUpdate(item, object, true, "it was found in QuickBooks after its answer was lost, "
						+ "and QuickBooks' copy differs", now);
				return;
			}
		}
		if (!answer.objects().isEmpty() && !identityReadable(item, type)) {
			// below qbXML 8.0 (lists) / 9.0 (transactions) an Add carries no ExternalGUID: what the lookup found may
			// or may not be ours, so a person decides, with what QuickBooks holds in front of them
			QbObject found = answer.objects().get(0);
			int more = answer.objects().size() - 1;
			this.retry.fail(item, "LOST", "qbsync sent this " + type.label() + " to QuickBooks and cannot tell whether "
					+ "it arrived: QuickBooks holds " + type.label() + " \"" + found.displayName() + "\" (" + found.id()
					+ ((found.timeCreated() != null) ? ", created " + found.timeCreated().raw() : "") + ")"
					+ ((more > 0) ? " and " + more + " more that could be it" : "") + ", but this QuickBooks speaks a "
					+ "qbXML version too old to carry qbsync's identity stamp, so qbsync cannot tell whether that is "
					+ "the one it sent. Look at it in QuickBooks: if it is this record, use Clear ID to link it; if "
					+ "not, rename one of them and Resync.", HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		boolean stamped = byStamp(item, type);
		boolean nameTaken = "3100".equals(item.progress().resultCode())
				|| (type.isList() && !stamped && !answer.objects().isEmpty());
		if (nameTaken) {
			QbObject other = answer.objects().isEmpty() ? null : answer.objects().get(0);
			String name = (other != null) ? other.displayName() : lookupName(item, type);
			// a type qbsync does not map (OtherName) reads "other name"
			String holder = (other != null) ? Entities.byName(other.type()).map(EntityType::label)
				.orElse(other.type().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)) + " \""
					+ other.displayName() + "\"" : null;
			this.retry.fail(item, "3100", "The name \"" + name + "\" is already used in QuickBooks by "
					+ ((holder != null) ? "the " + holder + ", " : "") + "a record qbsync did not create. Rename one of "
					+ "them, or use Clear ID on the record to link it to the existing QuickBooks record.",
					HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		if ((stamped || !type.isList()) && answer.objects().size() >= LOOKUP_MAX) {
			// too many candidates to be sure ours is not among them: a person decides, nothing is added blind
			this.retry.fail(item, "LOST", "qbsync sent this " + type.label() + " to QuickBooks but the answer was lost, "
					+ "and could not tell whether it arrived (too many " + type.label() + "s changed in those days to "
					+ "check). Look for it in QuickBooks: if it is there, use Clear ID to link it; if not, Resync.",
					HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		// certainly not in QuickBooks: adding it now cannot make a second one
		this.retry.backToRelease(item, now);
		tally.retried++;
	}

	/**
	 * Whether our identity stamp can be read back: the Add went out, and the lookup asked, in a qbXML version that
	 * carries ExternalGUID for the type.
	 */
	private boolean identityReadable(WizardItem item, EntityType type) {
		QbxmlVersion since = type.externalGuidSince();
		if (since == null) {
			return false;
		}
		for (Long document : Arrays.asList(item.progress().documentId(), item.progress().lookupDocumentId())) {
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
	private boolean byStamp(WizardItem item, EntityType type) {
		WizardItem.Progress progress = item.progress();
		return !"3100".equals(progress.resultCode()) && progress.releasedAt() != null && identityReadable(item, type);
	}

	/** The name (lists) or RefNumber (transactions) an Add went out with, to find it again. */
	private String lookupName(WizardItem item, EntityType type) {
		if (item.progress().sentKey() != null) {
			// the name the Add went out with, even if the record was renamed since
			return item.progress().sentKey();
		}
		StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElse(null);
		if (record == null) {
			return null;
		}
		Map<String, Object> v = this.values.map(record).values();
		Object name = type.isList() ? v.get("name") : v.get(type.name().equals("Invoice") ? "number" : "reference");
		return FieldDiffs.text(RequestWriter.plain(FieldDiffs.text(name)));
	}

}
