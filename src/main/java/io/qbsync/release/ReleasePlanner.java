package io.qbsync.release;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.company.Company;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.request.FieldIssue;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.request.Query;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;

import org.springframework.stereotype.Component;

/**
 * Turns one approved export item into its qbXML request, from the record as it is now. An item whose record changed
 * after approval is withdrawn (the wizard shows the newer change); one whose parent is not in QuickBooks yet waits for
 * it, so a missing customer never sends its invoices into a run of 3140 errors. What it reads comes with the
 * candidate ({@link ReleaseReader} reads it for a whole chunk).
 */
@Component
public class ReleasePlanner {

	private final SingleOpsValues values;

	ReleasePlanner(SingleOpsValues values) {
		this.values = values;
	}

	/** Never throws: an item that cannot be planned fails on its own, and the rest of the release goes on. */
	Release plan(ReleaseCandidate candidate, Company company, QbxmlVersion version) {
		try {
			return planOne(candidate, company, version);
		}
		catch (RuntimeException ex) {
			return Release.fail(candidate.item(), "qbsync could not write this change for QuickBooks: " + ex.getMessage()
					+ " Fix the record in the field-service app, or ask qbsync support.");
		}
	}

	private Release planOne(ReleaseCandidate candidate, Company company, QbxmlVersion version) {
		WizardItem item = candidate.item();
		if (item.action() == WizardAction.ADD && item.progress().lookup() == WizardItem.Lookup.IDENTITY) {
			return Release.lookup(item);
		}
		StoredRecord record = candidate.record();
		if (record == null) {
			return Release.withdraw(item, "The record no longer exists in the field-service app.");
		}
		if (item.sourceVersion() != null && !item.sourceVersion().equals(Integer.toString(record.version()))) {
			return Release.withdraw(item, "The record changed again after it was approved; the Sync Wizard shows the "
					+ "newer change for approval.");
		}
		if (candidate.earlierInFlight()) {
			// an earlier change of this record is still on its way: two Adds of one record must never both go out
			return Release.block(item, record.id(), "Waits for the earlier change of this record to reach "
					+ "QuickBooks first.");
		}
		if (item.action() == WizardAction.LINK && record.quickBooks().id() != null
				&& !record.quickBooks().id().equals(item.qbId())) {
			// planned while the record's own Add was on its way, which has made the record's object since: linking
			// the record elsewhere would leave that object in QuickBooks, linked from nothing
			return Release.withdraw(item, "The record reached QuickBooks through its own Add meanwhile; the Sync "
					+ "Wizard shows its newer change against that object.");
		}
		SingleOpsValues.Mapped mapped = this.values.map(record);
		EntityType type = Entities.byName(item.objectType()).orElse(mapped.type());
		if (!record.deleted()) {
			for (StoredRecord parent : candidate.parents()) {
				if (parent.quickBooks().id() == null) {
					return Release.block(item, parent.id(), "Waits for " + parent.type().path().replaceAll("s$", "") + " \""
							+ parent.externalId() + "\" to reach QuickBooks first.");
				}
			}
		}
		if ((item.action() == WizardAction.INACTIVATE || item.action() == WizardAction.DELETE)
				&& record.quickBooks().id() == null) {
			// the Add this delete was to follow never reached QuickBooks: there is nothing there to remove
			return Release.withdraw(item, "The record never reached QuickBooks, so there is nothing to remove there.");
		}
		RequestWriter writer = new RequestWriter(version, company.allowTruncation());
		String requestId = Long.toString(item.id());
		String editSequence = record.quickBooks().editSequence();
		String linked = record.quickBooks().id();
		QbxmlRequest request = switch (item.action()) {
			// an Add approved while an earlier Add of the record was on its way: that one made it, so this is a Mod
			case ADD -> (linked != null) ? ((editSequence == null) ? null
					: writer.mod(type, requestId, linked, editSequence, mapped.values()))
					: writer.add(type, requestId, item.progress().identity(), mapped.values());
			case UPDATE, CONFLICT -> (editSequence == null) ? null
					: writer.mod(type, requestId, linked, editSequence, mapped.values());
			case INACTIVATE -> (editSequence == null) ? null : writer.mod(type, requestId, linked, editSequence,
					new HashMap<>(Map.of("active", false)));
			case DELETE -> writer.delete(type, requestId, linked);
			case LINK -> writer.query(type, requestId, Query.byIds(item.qbId()));
			default -> throw new IllegalStateException("Not an export action: " + item.action());
		};
		if (request == null) {
			return Release.refresh(item);
		}
		String sentAs = switch (item.action()) {
			case ADD -> (linked != null) ? "MOD" : "ADD";
			case DELETE -> "DEL";
			case LINK -> "QUERY";
			default -> "MOD";
		};
		String sentKey = null;
		if ("ADD".equals(sentAs)) {
			// exactly what QuickBooks will hold (typographic characters made plain, cut if the company allows it):
			// a lookup by the record's raw value would miss a lost Add and let it be added twice
			String keyField = type.isList() ? "name" : type.name().equals("Invoice") ? "number" : "reference";
			sentKey = FieldDiffs.text(writer.asSent(type, keyField, mapped.values().get(keyField)));
		}
		if (!request.sendable()) {
			List<String> errors = request.errors().stream().map(FieldIssue::message).toList();
			return Release.fail(item, "QuickBooks would refuse this record as it is: " + String.join("; ", errors)
					+ " Fix it in the field-service app; the change comes back to the Sync Wizard.");
		}
		return Release.send(item, request, sentAs, sentKey);
	}

}
