package io.qbsync.report;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.singleops.RecordType;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.Validation;
import io.qbsync.wizard.WizardItem;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of the QuickBooks Sync Report, Unsynced Entities, Resync and Clear ID. */
@RestController
@RequestMapping("/api/companies/{companyId}")
class SyncReportController {

	private final SyncReport report;

	private final UnsyncedEntities unsynced;

	private final CompanyService companies;

	private final Clock clock;

	SyncReportController(SyncReport report, UnsyncedEntities unsynced, CompanyService companies, Clock clock) {
		this.clock = clock;
		this.report = report;
		this.unsynced = unsynced;
		this.companies = companies;
	}

	/** One tab of the Sync Report (PENDING, SUCCEEDED or FAILED), newest first, by page. */
	@GetMapping("/syncs")
	Page syncs(@PathVariable long companyId, @RequestParam String state,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		this.companies.get(companyId);
		SyncReport.Tab tab;
		try {
			tab = SyncReport.Tab.valueOf(state.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("Unknown report tab \"" + state + "\".",
					List.of(new FieldProblem("state", "must be PENDING, SUCCEEDED or FAILED")));
		}
		if (page < 0 || size < 1 || size > 500) {
			throw new InvalidInputException("Paging out of range.",
					List.of(new FieldProblem("page", "must be 0 or more"), new FieldProblem("size", "must be 1 to 500")));
		}
		SyncReport.Page result = this.report.page(companyId, tab, from, to, q, page, size);
		return new Page(result.items().stream().map(Row::of).toList(), result.page(), result.size(), result.total());
	}

	/**
	 * Successful and failed syncs per day of the company's time zone (UTC without one) since {@code from} (default: 30
	 * days).
	 */
	@GetMapping("/syncs/per-day")
	List<SyncReport.Day> perDay(@PathVariable long companyId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from) {
		this.companies.get(companyId);
		return this.report.perDay(companyId,
				(from != null) ? from : this.clock.instant().minus(java.time.Duration.ofDays(30)),
				this.companies.timeZone(companyId).orElse(java.time.ZoneOffset.UTC));
	}

	/** Unsynced Entities: every failed record, with QuickBooks' code and message, the fix, and what it blocks. */
	@GetMapping("/unsynced")
	List<UnsyncedRow> unsynced(@PathVariable long companyId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		new Validation().require(page >= 0, "page", "must be 0 or more (the first page is 0)")
			.require(size >= 1 && size <= 500, "size", "must be 1 to 500 rows a page")
			.throwIfInvalid("The page of Unsynced Entities asked for does not exist; nothing was read.");
		this.companies.get(companyId);
		return this.unsynced.list(companyId, page, size)
			.stream()
			.map(UnsyncedRow::of)
			.toList();
	}

	@PostMapping("/unsynced/{itemId}/resync")
	UnsyncedEntities.Resynced resync(@PathVariable long companyId, @PathVariable long itemId, Principal principal) {
		return this.unsynced.resync(companyId, itemId, principal.getName());
	}

	@PostMapping("/records/{type}/{externalId}/clear-id")
	UnsyncedEntities.ClearIdAnswer clearId(@PathVariable long companyId, @PathVariable String type,
			@PathVariable String externalId, @RequestBody(required = false) UnsyncedEntities.ClearId request,
			Principal principal) {
		this.companies.get(companyId);
		RecordType recordType = RecordType.fromPath(type)
			.orElseThrow(() -> new InvalidInputException("Unknown record type \"" + type + "\".",
					List.of(new FieldProblem("type", "must be one of " + RecordType.paths()))));
		return this.unsynced.clearId(companyId, recordType, externalId,
				(request != null) ? request : new UnsyncedEntities.ClearId(false, null), principal.getName());
	}

	record Page(List<Row> items, int page, int size, long total) {
	}

	/** One line of the report: what, when, the result, QuickBooks' id, code and message. */
	record Row(long id, String summary, String objectType, String recordType, String externalId, String action,
			String state, Instant when, String qbId, String code, String message, int attempts, Long blockedByRecordId,
			Instant nextAttemptAt) {

		static Row of(WizardItem i) {
			WizardItem.Progress p = i.progress();
			return new Row(i.id(), i.summary(), i.objectType(), i.recordType(), i.externalId(), i.action().name(),
					i.state().name(), (p.finishedAt() != null) ? p.finishedAt() : i.updatedAt(),
					(p.resultQbId() != null) ? p.resultQbId() : i.qbId(), p.resultCode(), p.resultMessage(), p.attempts(),
					p.blockedByRecordId(), p.nextAttemptAt());
		}

	}

	/** A failed record with the guide's fix. */
	record UnsyncedRow(long id, String summary, String objectType, String recordType, String externalId,
			String action, String code, String message, String fix, String handling, String guideTitle, int attempts,
			Instant firstFailedAt, Instant lastFailedAt, List<Blocked> blocks) {

		static UnsyncedRow of(UnsyncedEntities.Unsynced u) {
			WizardItem i = u.item();
			WizardItem.Progress p = i.progress();
			GuideEntry g = u.guide();
			return new UnsyncedRow(i.id(), i.summary(), i.objectType(), i.recordType(), i.externalId(),
					i.action().name(), p.resultCode(), p.resultMessage(), g.inPlainWords(),
					(p.resultClass() != null) ? p.resultClass() : g.handlingFor(null, p.resultMessage()).name(),
					g.title(), p.attempts(), p.firstFailedAt(), p.lastFailedAt(),
					u.blocks().stream().map((b) -> new Blocked(b.id(), b.summary())).toList());
		}

	}

	record Blocked(long itemId, String summary) {
	}

}
