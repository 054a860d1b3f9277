package io.qbsync.quickbooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.stream.Collectors;

import io.qbsync.company.CompanyService;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host app's feed of changes from QuickBooks that an admin approved: read in order, {@code after} the last id
 * applied. Each entry names the QuickBooks object and the linked field-service record (if any), and carries the
 * object as a record body in the records API's own field names ({@code record}, with {@code references} to other
 * objects), plus QuickBooks' data as read ({@code data}, qbXML paths). An entry names the record linked to its object
 * when it is read, not only when it was published; one that names none is about an object no record is linked to, so
 * a host app that makes a record from an offer (with {@code ?linkTo=}) applies the same object's later entries of the
 * page it is reading to that record.
 */
@RestController
class FeedController {

	private final QuickBooksFeed feed;

	private final FeedRecords records;

	private final CompanyService companies;

	private final SingleOpsRecords singleOps;

	FeedController(QuickBooksFeed feed, FeedRecords records, CompanyService companies, SingleOpsRecords singleOps) {
		this.feed = feed;
		this.records = records;
		this.companies = companies;
		this.singleOps = singleOps;
	}

	/**
	 * One feed entry as the host app reads it: {@code kind} is the records API's path for the object's type
	 * ({@code customers}, ...); {@code record} and {@code references} are null for a deletion.
	 */
	record EntryView(long id, long itemId, String action, String objectType, String qbId, String kind,
			String recordType, String externalId, Map<String, Object> record, List<FeedRecords.Reference> references, String data,
			Instant publishedAt) {
	}

	@GetMapping("/api/companies/{companyId}/changes-from-quickbooks")
	List<EntryView> changes(@PathVariable long companyId, @RequestParam(defaultValue = "0") long after,
			@RequestParam(defaultValue = "500") int limit) {
		this.companies.get(companyId);
		List<QuickBooksFeed.Entry> entries = this.feed.after(companyId, after, Math.min(Math.max(limit, 1), 1000));
		Map<String, StoredRecord> linkedSince = linkedSince(companyId, entries);
		return entries.stream().map((e) -> {
			FeedRecords.Shaped shaped = this.records.shape(companyId, e.objectType(), e.data()).orElse(null);
			String kind = FeedRecords.kindOf(e.objectType());
			StoredRecord linked = (e.externalId() == null) ? linkedSince.get(kind + "/" + e.qbId()) : null;
			return new EntryView(e.id(), e.itemId(), e.action(), e.objectType(), e.qbId(), kind,
					(linked != null) ? linked.type().path() : e.recordType(),
					(linked != null) ? linked.externalId() : e.externalId(), (shaped != null) ? shaped.record() : null,
					(shaped != null) ? shaped.references() : null, e.data(), e.publishedAt());
		}).toList();
	}

	/**
	 * The records linked, since their entry was published, to objects an entry names without a record (an offer of a
	 * new object, or a later change or deletion of one): a host app that reads such an entry late sees the record and
	 * updates it, rather than making a second one (its {@code ?linkTo=} would be refused anyway). Keyed by kind and
	 * QuickBooks id.
	 */
	private Map<String, StoredRecord> linkedSince(long companyId, List<QuickBooksFeed.Entry> entries) {
		List<String> unnamed = entries.stream()
			.filter((e) -> e.externalId() == null)
			.map(QuickBooksFeed.Entry::qbId)
			.distinct()
			.toList();
		return this.singleOps.liveLinkedTo(companyId, unnamed).stream()
			.collect(Collectors.toMap((r) -> r.type().path() + "/" + r.quickBooks().id(), (r) -> r, (a, b) -> a));
	}

}
