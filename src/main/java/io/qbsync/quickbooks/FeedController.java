package io.qbsync.quickbooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.qbsync.company.CompanyService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host app's feed of changes from QuickBooks that an admin approved: read in order, {@code after} the last id
 * applied. Each entry names the QuickBooks object and the linked field-service record (if any), and carries the
 * object as a record body in the records API's own field names ({@code record}, with {@code references} to other
 * objects), plus QuickBooks' data as read ({@code data}, qbXML paths).
 */
@RestController
class FeedController {

	private final QuickBooksFeed feed;

	private final FeedRecords records;

	private final CompanyService companies;

	FeedController(QuickBooksFeed feed, FeedRecords records, CompanyService companies) {
		this.feed = feed;
		this.records = records;
		this.companies = companies;
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
		return this.feed.after(companyId, after, Math.min(Math.max(limit, 1), 1000)).stream().map((e) -> {
			FeedRecords.Shaped shaped = this.records.shape(companyId, e.objectType(), e.data()).orElse(null);
			return new EntryView(e.id(), e.itemId(), e.action(), e.objectType(), e.qbId(),
					FeedRecords.kindOf(e.objectType()), e.recordType(),
					e.externalId(), (shaped != null) ? shaped.record() : null,
					(shaped != null) ? shaped.references() : null, e.data(), e.publishedAt());
		}).toList();
	}

}
