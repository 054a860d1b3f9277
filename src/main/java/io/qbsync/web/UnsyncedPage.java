package io.qbsync.web;

import java.util.ArrayList;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.report.UnsyncedEntities;
import io.qbsync.singleops.RecordType;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItems;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Unsynced Entities: every record QuickBooks refused, with its code, message, the plain-language fix and what it
 * blocks; Resync one or the checked rows (a record gone from QuickBooks is sent to Clear ID first); Clear ID through a
 * page that first offers the relink, then asks for a confirmation. Searchable by name or external id, and narrowed to
 * the rows that are problems of their own (not only waiting for another).
 */
@Controller
class UnsyncedPage {

	private final CompanyAccess access;

	private final Header header;

	private final UnsyncedEntities unsynced;

	private final WizardItems wizardItems;

	private final RecordNames names;

	UnsyncedPage(CompanyAccess access, Header header, UnsyncedEntities unsynced, WizardItems wizardItems,
			RecordNames names) {
		this.wizardItems = wizardItems;
		this.names = names;
		this.access = access;
		this.header = header;
		this.unsynced = unsynced;
	}

	/** Rows of Unsynced Entities a page. */
	static final int PAGE_SIZE = 200;

	@GetMapping("/companies/{companyId}/unsynced")
	String list(@PathVariable long companyId, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "false") boolean problems, @RequestParam(defaultValue = "0") int page,
			Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "unsynced");
		UnsyncedEntities.Found found = this.unsynced.list(companyId, q, problems, Math.max(0, page), PAGE_SIZE);
		model.addAttribute("rows", found.rows());
		model.addAttribute("total", found.total());
		model.addAttribute("page", Math.max(0, page));
		model.addAttribute("pages", (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
		model.addAttribute("q", q.strip());
		model.addAttribute("problems", problems);
		model.addAttribute("filtered", problems || !q.isBlank());
		model.addAttribute("unfinished", this.wizardItems.countUnfinished(companyId));
		List<Long> recordIds = new ArrayList<>();
		found.rows().forEach((r) -> {
			recordIds.add(r.item().recordId());
			r.blocks().forEach((b) -> recordIds.add(b.recordId()));
		});
		model.addAttribute("names", this.names.of(companyId, recordIds));
		return "unsynced";
	}

	/**
	 * Resync the checked rows (or the one row whose button was pressed). A record whose QuickBooks record is gone is
	 * not resent blind: one such row opens its Clear ID with a warning; among checked rows it is left out and named,
	 * unless {@code anyway} is sent.
	 */
	@PostMapping("/companies/{companyId}/unsynced/resync")
	String resync(@PathVariable long companyId, @RequestParam(name = "item", required = false) List<Long> checked,
			@RequestParam(name = "one", required = false) Long one,
			@RequestParam(defaultValue = "false") boolean anyway, Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		List<Long> ids = (one != null) ? List.of(one) : checked;
		List<String> done = new ArrayList<>();
		List<String> resynced = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		for (Long id : (ids != null) ? ids : List.<Long>of()) {
			WizardItem failed = this.wizardItems.find(companyId, id).orElse(null);
			String name = (failed != null) ? RecordNames.fromSummary(failed.summary()) : "";
			if (!anyway && failed != null && this.unsynced.goneFromQuickBooks(companyId, failed)) {
				if (one != null) {
					flash.addFlashAttribute("gone", true);
					return "redirect:/companies/" + companyId + "/unsynced/" + id + "/clear-id";
				}
				errors.add(failed.summary() + ": not resent. QuickBooks no longer has the record it is linked to, so "
						+ "it would fail again. Use Clear ID on it.");
				continue;
			}
			try {
				done.add(this.unsynced.resync(companyId, id, user.getName()).message());
				resynced.add(name);
			}
			catch (InvalidInputException | NotFoundException ex) {
				errors.add(name.isEmpty() ? ex.getMessage() : name + ": " + ex.getMessage());
			}
		}
		if (done.isEmpty() && errors.isEmpty()) {
			errors.add("Tick the records to resync first.");
		}
		flash.addFlashAttribute("notice", done.isEmpty() ? null
				: "Resynced " + done.size() + ": " + WizardPage.shortList(resynced) + ". " + done.get(0));
		flash.addFlashAttribute("errors", errors);
		return "redirect:/companies/" + companyId + "/unsynced";
	}

	/** Clear ID for the checked rows, step one: what QuickBooks has for each, and one confirmation for all. */
	@PostMapping("/companies/{companyId}/unsynced/clear-ids")
	String clearIdsPage(@PathVariable long companyId, @RequestParam(name = "item", required = false) List<Long> ids,
			Authentication user, Model model, RedirectAttributes flash) {
		Company company = this.access.require(user, companyId);
		if (ids == null || ids.isEmpty()) {
			flash.addFlashAttribute("error", "Tick the records whose QuickBooks ID should be cleared first.");
			return "redirect:/companies/" + companyId + "/unsynced";
		}
		this.header.fill(model, user, company, "unsynced");
		List<ClearIdRow> rows = new ArrayList<>();
		for (Long id : ids) {
			WizardItem item = item(companyId, id);
			try {
				rows.add(new ClearIdRow(item, this.unsynced.clearId(companyId, type(item), item.externalId(),
						new UnsyncedEntities.ClearId(false, null), user.getName()), null));
			}
			catch (InvalidInputException ex) {
				rows.add(new ClearIdRow(item, null, ex.getMessage()));
			}
		}
		model.addAttribute("rows", rows);
		return "clear-ids";
	}

	/** Clear ID for the checked rows, step two: confirmed for all of them. */
	@PostMapping("/companies/{companyId}/unsynced/clear-ids/confirm")
	String clearIds(@PathVariable long companyId, @RequestParam(name = "item") List<Long> ids, Authentication user,
			RedirectAttributes flash) {
		this.access.require(user, companyId);
		int cleared = 0;
		List<String> clearedNames = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		for (Long id : ids) {
			WizardItem item = item(companyId, id);
			try {
				UnsyncedEntities.ClearIdAnswer answer = this.unsynced.clearId(companyId, type(item), item.externalId(),
						new UnsyncedEntities.ClearId(true, null), user.getName());
				if ("CLEARED".equals(answer.outcome())) {
					cleared++;
					clearedNames.add(RecordNames.fromSummary(item.summary()));
				}
				else {
					errors.add(item.summary() + ": " + answer.message());
				}
			}
			catch (InvalidInputException ex) {
				errors.add(item.summary() + ": " + ex.getMessage());
			}
		}
		flash.addFlashAttribute("notice", cleared + " QuickBooks ID(s) cleared"
				+ (clearedNames.isEmpty() ? "" : " (" + WizardPage.shortList(clearedNames) + ")")
				+ "; the records wait in the Sync Wizard as new Adds.");
		flash.addFlashAttribute("errors", errors);
		return "redirect:/companies/" + companyId + "/unsynced";
	}

	/** One checked row on the bulk Clear ID page: the item and what Clear ID found (or why it cannot). */
	record ClearIdRow(WizardItem item, UnsyncedEntities.ClearIdAnswer answer, String error) {
	}

	/** Clear ID, step one: what QuickBooks has for this record, and the choices (relink, or confirm). */
	@GetMapping("/companies/{companyId}/unsynced/{itemId}/clear-id")
	String clearIdPage(@PathVariable long companyId, @PathVariable long itemId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "unsynced");
		WizardItem item = item(companyId, itemId);
		try {
			model.addAttribute("answer", this.unsynced.clearId(companyId, type(item), item.externalId(),
					new UnsyncedEntities.ClearId(false, null), user.getName()));
		}
		catch (InvalidInputException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("item", item);
		return "clear-id";
	}

	/** Clear ID, step two: {@code confirm=true} clears and stages a fresh Add; {@code relinkTo} relinks. */
	@PostMapping("/companies/{companyId}/unsynced/{itemId}/clear-id")
	String clearId(@PathVariable long companyId, @PathVariable long itemId,
			@RequestParam(defaultValue = "false") boolean confirm, @RequestParam(required = false) String relinkTo,
			Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		WizardItem item = item(companyId, itemId);
		try {
			UnsyncedEntities.ClearIdAnswer answer = this.unsynced.clearId(companyId, type(item), item.externalId(),
					new UnsyncedEntities.ClearId(confirm, relinkTo), user.getName());
			flash.addFlashAttribute("notice", RecordNames.capitalized(RecordNames.fromSummary(item.summary())) + ": "
					+ answer.message());
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/companies/" + companyId + "/unsynced";
	}

	private WizardItem item(long companyId, long itemId) {
		WizardItem item = this.wizardItems.find(companyId, itemId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no item " + itemId + "."));
		if (item.recordType() == null) {
			throw new NotFoundException("Item " + itemId + " has no field-service record.");
		}
		return item;
	}

	private static RecordType type(WizardItem item) {
		return RecordType.fromPath(item.recordType()).orElseThrow();
	}

}
