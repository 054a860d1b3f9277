package io.qbsync.quickbooks;

import java.util.List;

import io.qbsync.company.CompanyService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host app's feed of changes from QuickBooks that an admin approved: read in order, {@code after} the last id
 * applied. Each entry names the QuickBooks object, the linked field-service record (if any) and QuickBooks' data.
 */
@RestController
class FeedController {

	private final QuickBooksFeed feed;

	private final CompanyService companies;

	FeedController(QuickBooksFeed feed, CompanyService companies) {
		this.feed = feed;
		this.companies = companies;
	}

	@GetMapping("/api/companies/{companyId}/changes-from-quickbooks")
	List<QuickBooksFeed.Entry> changes(@PathVariable long companyId, @RequestParam(defaultValue = "0") long after,
			@RequestParam(defaultValue = "500") int limit) {
		this.companies.get(companyId);
		return this.feed.after(companyId, after, Math.min(Math.max(limit, 1), 1000));
	}

}
