package io.qbsync.web;

import java.util.ArrayList;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.release.ReleaseService;
import io.qbsync.report.UnsyncedEntities;
import io.qbsync.singleops.RecordType;
import io.qbsync.sync.SyncItem;
import io.qbsync.sync.SyncItems;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

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
 * blocks; Resync one or the checked rows; Clear ID through a page that first offers the relink, then asks for a
 * confirmation.
 */
@Controller
class UnsyncedPage {

	private final CompanyAccess access;

	private final Header header;

	private final UnsyncedEntities unsynced;

	private final SyncItems items;

	private final ReleaseService releases;

	private final RecordNames names;

	UnsyncedPage(CompanyAccess access, Header header, UnsyncedEntities unsynced, SyncItems items,
			ReleaseService releases, RecordNames names) {
		this.names = names;
		this.access = access;
		this.header = header;
		this.unsynced = unsynced;
		this.items = items;
		this.releases = releases;
	}

	@GetMapping("/companies/{companyId}/unsynced")
	String list(@PathVariable long companyId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "unsynced");
		List<UnsyncedEntities.Unsynced> rows = this.unsynced.list(companyId, 0, 500);
		model.addAttribute("rows", rows);
		List<Long> recordIds = new ArrayList<>();
		rows.forEach((r) -> {
			recordIds.add(r.item().recordId());
			r.blocks().forEach((b) -> recordIds.add(b.recordId()));
		});
		model.addAttribute("names", this.names.of(companyId, recordIds));
		return "unsynced";
	}

	/** Resync the checked rows (or the one row whose button was pressed). */
	@PostMapping("/companies/{companyId}/unsynced/resync")
	String resync(@PathVariable long companyId, @RequestParam(name = "item", required = false) List<Long> checked,
			@RequestParam(name = "one", required = false) Long one, Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		List<Long> ids = (one != null) ? List.of(one) : checked;
		List<String> done = new ArrayList<>();
		List<String> resynced = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		for (Long id : (ids != null) ? ids : List.<Long>of()) {
			String name = this.items.find(companyId, id).map((i) -> RecordNames.fromSummary(i.summary())).orElse("");
			try {
				done.add(this.unsynced.resync(companyId, id, user.getName()).message());
				resynced.add(name);
			}
			catch (InvalidInputException | NotFoundException ex) {
				errors.add(name.isEmpty() ? ex.getMessage() : name + ": " + ex.getMessage());
			}
		}
		this.releases.release(companyId);
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
			SyncItem item = item(companyId, id);
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
			SyncItem item = item(companyId, id);
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
	record ClearIdRow(SyncItem item, UnsyncedEntities.ClearIdAnswer answer, String error) {
	}

	/** Clear ID, step one: what QuickBooks has for this record, and the choices (relink, or confirm). */
	@GetMapping("/companies/{companyId}/unsynced/{itemId}/clear-id")
	String clearIdPage(@PathVariable long companyId, @PathVariable long itemId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "unsynced");
		SyncItem item = item(companyId, itemId);
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
		SyncItem item = item(companyId, itemId);
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

	private SyncItem item(long companyId, long itemId) {
		SyncItem item = this.items.find(companyId, itemId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no item " + itemId + "."));
		if (item.recordType() == null) {
			throw new NotFoundException("Item " + itemId + " has no field-service record.");
		}
		return item;
	}

	private static RecordType type(SyncItem item) {
		return RecordType.fromPath(item.recordType()).orElseThrow();
	}

}
