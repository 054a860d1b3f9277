package io.qbsync.wizard;

import java.security.Principal;
import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approve Checked through the REST API: the wizard decides the items; the approved exports are released into the
 * outbox after the commit, before the answer (release listens to {@link ExportsApproved}), so they wait as Pending for
 * the next Web Connector run.
 */
@RestController
@RequestMapping("/api/companies/{companyId}")
class ApproveCheckedController {

	private final ApprovalService approvals;

	private final WizardItems items;

	ApproveCheckedController(ApprovalService approvals, WizardItems items) {
		this.approvals = approvals;
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
		return new ApprovalAnswer(outcome.approved(), outcome.kept(), outcome.cleared(), outcome.skipped(),
				this.items.countOpen(companyId));
	}

	/** What Approve Checked did; {@code waiting}: the items still open in the wizard. */
	record ApprovalAnswer(int approved, int kept, int cleared, List<ApprovalService.Skipped> skipped, long waiting) {
	}

}
