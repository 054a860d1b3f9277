package io.qbsync.wizard;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.entity.Direction;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API of the Sync Wizard: its two sections and the badge count, and running a scan now. */
@RestController
@RequestMapping("/api/companies/{companyId}")
class WizardController {

	private final WizardItems items;

	private final ScanService scans;

	private final CompanyService companies;

	WizardController(WizardItems items, ScanService scans, CompanyService companies) {
		this.items = items;
		this.scans = scans;
		this.companies = companies;
	}

	/** Both sections, every item checked by default, and how many wait (the badge). */
	@GetMapping("/wizard")
	Wizard wizard(@PathVariable long companyId) {
		this.companies.get(companyId);
		List<ItemView> open = this.items.open(companyId).stream().map(ItemView::of).toList();
		return new Wizard(open.size(), open.stream().filter((i) -> i.direction() == Direction.EXPORT).toList(),
				open.stream().filter((i) -> i.direction() == Direction.IMPORT).toList());
	}

	/** Scans the company's change sets now; answers the job execution and what it read. */
	@PostMapping("/scans")
	ResponseEntity<ScanRun> scan(@PathVariable long companyId) {
		JobExecution execution = this.scans.scan(companyId);
		long read = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
		return ResponseEntity.ok(new ScanRun(execution.getId(), execution.getStatus().name(), read,
				this.items.countOpen(companyId)));
	}

	/** The wizard: the badge count, the Export to QuickBooks section, the Import from QuickBooks section. */
	record Wizard(long waiting, List<ItemView> export, @JsonProperty("import") List<ItemView> importing) {
	}

	/** A scan that ran: its job execution, status, how many changes it read, and the items now waiting. */
	record ScanRun(long executionId, String status, long changesRead, long waiting) {
	}

	/** One item as the wizard shows it; checked by default. */
	record ItemView(long id, Direction direction, String objectType, String recordType, String externalId,
			String qbId, WizardAction action, String summary, List<FieldChange> changes, List<ItemProblem> problems,
			boolean blocked, String candidate, boolean needsReview, boolean checked) {

		static ItemView of(WizardItem i) {
			return new ItemView(i.id(), i.direction(), i.objectType(), i.recordType(), i.externalId(), i.qbId(),
					i.action(), i.summary(), i.changes(), i.problems(), i.blocked(), i.candidate(), i.needsReview(), true);
		}

	}

}
