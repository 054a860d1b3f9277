package io.qbsync.wizard;

import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.system.Validation;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the Sync Wizard: its two sections by page and the badge count, cleared items, and running a scan now
 * (Approve Checked is {@link ApproveCheckedController}).
 */
@RestController
@RequestMapping("/api/companies/{companyId}")
class WizardController {

	static final int DEFAULT_SIZE = 200;

	static final int MAX_SIZE = 500;

	private final WizardItems items;

	private final ScanService scans;

	private final CompanyService companies;

	private final ApprovalService approvals;

	private final Decisions decisions;

	WizardController(WizardItems items, ScanService scans, CompanyService companies, ApprovalService approvals,
			Decisions decisions) {
		this.items = items;
		this.scans = scans;
		this.companies = companies;
		this.approvals = approvals;
		this.decisions = decisions;
	}

	/** Items the admin cleared, newest first, with what undo would bring back. */
	@GetMapping("/wizard/cleared")
	List<ItemView> cleared(@PathVariable long companyId, @RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
			@RequestParam(defaultValue = "100") int limit) {
		new Validation().require(limit >= 1 && limit <= 500, "limit", "must be 1 to 500 items")
			.throwIfInvalid("The cleared items asked for cannot be read that way; nothing was read.");
		this.companies.get(companyId);
		return this.items.inState(companyId, WizardItemState.CLEARED, before, limit)
			.stream()
			.map((i) -> ItemView.of(i, false))
			.toList();
	}

	@PostMapping("/wizard/cleared/{itemId}/undo")
	ItemView undo(@PathVariable long companyId, @PathVariable long itemId, Principal principal) {
		return ItemView.of(this.approvals.undoClear(companyId, itemId, principal.getName()), true);
	}

	/** The audit trail: who decided what, when; newest first, optionally for one item. */
	@GetMapping("/wizard/decisions")
	List<Decisions.Decision> decisions(@PathVariable long companyId, @RequestParam(required = false) Long item,
			@RequestParam(defaultValue = "" + Long.MAX_VALUE) long before, @RequestParam(defaultValue = "100") int limit) {
		this.companies.get(companyId);
		return this.decisions.list(companyId, item, before, Math.min(Math.max(limit, 1), 500));
	}

	/**
	 * Both sections, a page of each ({@code page}, or {@code exportPage} / {@code importPage} for one section;
	 * {@code size} items a page, {@value #DEFAULT_SIZE} by default, at most {@value #MAX_SIZE}), every item checked by
	 * default, each section's paging with its total, and how many wait (the badge).
	 */
	@GetMapping("/wizard")
	Wizard wizard(@PathVariable long companyId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer exportPage, @RequestParam(required = false) Integer importPage,
			@RequestParam(defaultValue = "" + DEFAULT_SIZE) int size) {
		int export = (exportPage != null) ? exportPage : page;
		int importing = (importPage != null) ? importPage : page;
		new Validation().require(page >= 0, "page", "must be 0 or more (the first page is 0)")
			.require(export >= 0, "exportPage", "must be 0 or more (the first page is 0)")
			.require(importing >= 0, "importPage", "must be 0 or more (the first page is 0)")
			.require(size >= 1 && size <= MAX_SIZE, "size", "must be 1 to " + MAX_SIZE + " items a page")
			.throwIfInvalid("The wizard page asked for does not exist; nothing was read.");
		this.companies.get(companyId);
		Paging exportPaging = Paging.of(export, size, this.items.countOpen(companyId, Direction.EXPORT));
		Paging importPaging = Paging.of(importing, size, this.items.countOpen(companyId, Direction.IMPORT));
		return new Wizard(exportPaging.total() + importPaging.total(),
				this.items.openPage(companyId, Direction.EXPORT, export, size).stream().map(ItemView::of).toList(),
				this.items.openPage(companyId, Direction.IMPORT, importing, size).stream().map(ItemView::of).toList(),
				exportPaging, importPaging, this.items.countKept(companyId));
	}

	/** Scans the company's change sets now; answers the job execution and what it read. */
	@PostMapping("/scans")
	ResponseEntity<ScanRun> scan(@PathVariable long companyId) {
		JobExecution execution = this.scans.scan(companyId);
		long read = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
		return ResponseEntity.ok(new ScanRun(execution.getId(), execution.getStatus().name(), read,
				this.items.countOpen(companyId)));
	}

	/**
	 * The wizard: the badge count, a page of the Export to QuickBooks section and of the Import from QuickBooks
	 * section, where each page is, and how many items were kept (out of the wizard until the next Web Connector run).
	 */
	record Wizard(long waiting, List<ItemView> export, @JsonProperty("import") List<ItemView> importing,
			Paging exportPaging, Paging importPaging, long kept) {
	}

	/** One section's page: its number (from 0), its size, the section's total, and how many pages there are. */
	record Paging(int page, int size, long total, long pages) {

		static Paging of(int page, int size, long total) {
			return new Paging(page, size, total, (total + size - 1) / size);
		}

	}

	/** A scan that ran: its job execution, status, how many changes it read, and the items now waiting. */
	record ScanRun(long executionId, String status, long changesRead, long waiting) {
	}

	/** One item as the wizard shows it; checked by default. */
	record ItemView(long id, Direction direction, String objectType, String recordType, String externalId,
			String qbId, WizardAction action, String summary, List<FieldChange> changes, List<ItemProblem> problems,
			boolean blocked, String candidate, boolean needsReview, boolean checked) {

		static ItemView of(WizardItem i) {
			return of(i, true);
		}

		static ItemView of(WizardItem i, boolean checked) {
			return new ItemView(i.id(), i.direction(), i.objectType(), i.recordType(), i.externalId(), i.qbId(),
					i.action(), i.summary(), i.changes(), i.problems(), i.blocked(), i.candidate(), i.needsReview(),
					checked);
		}

	}

}
