package io.qbsync.release;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.WizardItems;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approve Checked through the REST API: the wizard decides the items, and the approved exports are released into the
 * outbox at once, so they wait as Pending for the next Web Connector run. Release follows approval, so the call that
 * does both lives here, after the wizard.
 */
@RestController
@RequestMapping("/api/companies/{companyId}")
class ApproveCheckedController {

	private final ApprovalService approvals;

	private final ReleaseService releases;

	private final WizardItems items;

	ApproveCheckedController(ApprovalService approvals, ReleaseService releases, WizardItems items) {
		this.approvals = approvals;
		this.releases = releases;
		this.items = items;
	}

	/**
	 * The checked items are approved, the others kept or cleared by the rule (and per-item overrides), conflicts
	 * settled by the side chosen.
	 */
	@PostMapping("/wizard/approve")
	ApprovalAnswer approve(@PathVariable long companyId, @RequestBody ApprovalService.Approval approval,
			Principal principal) {
		ApprovalService.Outcome outcome = this.approvals.approve(companyId, principal.getName(), approval);
		Optional<JobExecution> release = (outcome.exports() > 0) ? this.releases.release(companyId) : Optional.empty();
		return new ApprovalAnswer(outcome.approved(), outcome.kept(), outcome.cleared(), outcome.skipped(),
				release.map(JobExecution::getId).orElse(null), this.items.countOpen(companyId));
	}

	/** What Approve Checked did; {@code releaseExecutionId} is the release it started, if any. */
	record ApprovalAnswer(int approved, int kept, int cleared, List<ApprovalService.Skipped> skipped,
			Long releaseExecutionId, long waiting) {
	}

}
