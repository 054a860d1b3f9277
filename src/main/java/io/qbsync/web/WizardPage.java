package io.qbsync.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.qbsync.company.Company;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.system.InvalidInputException;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.ScanService;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import io.qbsync.wizard.WizardItems;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The QuickBooks Sync Wizard: Import from QuickBooks and Export to QuickBooks, every item checked, Approve Checked
 * with Keep Unchecked or Clear Unchecked, a per-row override, and a side for each conflict. Long sections are paged;
 * Approve Checked decides only the items on the page shown. A search (name or external id) and "problems only" narrow
 * both sections; Scan now reads the change sets at once.
 */
@Controller
class WizardPage {

	private final CompanyAccess access;

	private final Header header;

	private final WizardItems items;

	private final ApprovalService approvals;

	private final WebSettings settings;

	private final RecordNames names;

	private final ScanService scans;

	WizardPage(CompanyAccess access, Header header, WizardItems items, ApprovalService approvals,
			WebSettings settings, RecordNames names, ScanService scans) {
		this.scans = scans;
		this.access = access;
		this.header = header;
		this.items = items;
		this.approvals = approvals;
		this.settings = settings;
		this.names = names;
	}

	@GetMapping("/companies/{companyId}/wizard")
	String wizard(@PathVariable long companyId, @RequestParam(defaultValue = "0") int exportPage,
			@RequestParam(defaultValue = "0") int importPage, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "false") boolean problems, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "wizard");
		int size = this.settings.pageSize();
		WizardItems.Filter filter = new WizardItems.Filter(q, problems);
		List<WizardItem> export = this.items.openPage(companyId, Direction.EXPORT, filter, Math.max(0, exportPage), size);
		model.addAttribute("exportItems", export);
		List<WizardItem> imports = this.items.openPage(companyId, Direction.IMPORT, filter, Math.max(0, importPage), size);
		RecordNames.Names names = this.names.of(companyId,
				Stream.concat(export.stream(), imports.stream()).map(WizardItem::recordId).toList());
		model.addAttribute("names", names);
		model.addAttribute("waitsFor", waitsFor(export, names));
		model.addAttribute("parentTrouble", parentTrouble(companyId, export, names));
		model.addAttribute("importItems", imports.stream().filter((i) -> !grouped(i)).toList());
		model.addAttribute("importGroups", groups(imports));
		model.addAttribute("shownCount", export.size() + imports.size());
		model.addAttribute("checkable", Stream.concat(export.stream(), imports.stream()).filter((i) -> !i.blocked()).count());
		model.addAttribute("blockedCount", Stream.concat(export.stream(), imports.stream()).filter(WizardItem::blocked).count());
		model.addAttribute("keptCount", this.items.countKept(companyId));
		model.addAttribute("exportCount", this.items.countOpen(companyId, Direction.EXPORT, filter));
		model.addAttribute("importCount", this.items.countOpen(companyId, Direction.IMPORT, filter));
		model.addAttribute("waitingCount", this.items.countOpen(companyId));
		model.addAttribute("q", q.strip());
		model.addAttribute("problems", problems);
		model.addAttribute("filtered", filter.any());
		model.addAttribute("exportPage", Math.max(0, exportPage));
		model.addAttribute("importPage", Math.max(0, importPage));
		model.addAttribute("pageSize", size);
		return "wizard";
	}

	/**
	 * The form sends {@code shown} (every row on the page), {@code checked} (the ticked rows), {@code unchecked}
	 * (KEEP or CLEAR), and per row {@code override-<id>} and {@code side-<id>}.
	 */
	@PostMapping("/companies/{companyId}/wizard/approve")
	String approve(@PathVariable long companyId, @RequestParam MultiValueMap<String, String> form, Authentication user,
			RedirectAttributes flash) {
		this.access.require(user, companyId);
		List<Long> shown = ids(form.get("shown"));
		List<Long> checked = new ArrayList<>(ids(form.get("checked")));
		List<String> groups = form.getOrDefault("group", List.of());
		if (!groups.isEmpty()) {
			// a group row of the Import section stands for every item of its type shown on the page
			this.items.findAll(companyId, shown)
				.stream()
				.filter((i) -> grouped(i) && groups.contains(i.objectType()) && !checked.contains(i.id()))
				.forEach((i) -> checked.add(i.id()));
		}
		Map<Long, ApprovalService.Unchecked> overrides = new HashMap<>();
		Map<Long, ApprovalService.Side> sides = new HashMap<>();
		List<String> unreadable = new ArrayList<>();
		form.forEach((name, values) -> {
			String value = values.isEmpty() ? "" : values.get(0);
			if (name.startsWith("override-") && !value.isBlank()) {
				Long id = id(name.substring("override-".length()));
				ApprovalService.Unchecked choice = choice(ApprovalService.Unchecked.class, value);
				if (id == null || choice == null) {
					unreadable.add(name);
				}
				else if (!checked.contains(id)) {
					overrides.put(id, choice);
				}
			}
			if (name.startsWith("side-") && !value.isBlank()) {
				Long id = id(name.substring("side-".length()));
				ApprovalService.Side choice = choice(ApprovalService.Side.class, value);
				if (id == null || choice == null) {
					unreadable.add(name);
				}
				else if (checked.contains(id)) {
					sides.put(id, choice);
				}
			}
		});
		String rule = form.getFirst("unchecked");
		String back = backTo(companyId, form.getFirst("q"), "true".equals(form.getFirst("problems")));
		if (!unreadable.isEmpty()) {
			flash.addFlashAttribute("error", "Nothing was approved: the form held choices qbsync does not know ("
					+ String.join(", ", unreadable) + "). Reload the Sync Wizard and try again.");
			return back;
		}
		Map<Long, WizardItem> named = new HashMap<>();
		this.items.findAll(companyId, checked).forEach((i) -> named.put(i.id(), i));
		List<String> undecided = checked.stream()
			.map(named::get)
			.filter((i) -> i != null && i.action() == WizardAction.CONFLICT && !sides.containsKey(i.id()))
			.map((i) -> RecordNames.fromSummary(i.summary()))
			.toList();
		if (!undecided.isEmpty()) {
			flash.addFlashAttribute("error", "Nothing was approved: " + String.join(", ", undecided)
					+ (undecided.size() == 1 ? " was" : " were") + " changed in both QuickBooks and the field-service "
					+ "app. Choose which version to keep (QuickBooks' or the field-service app's), or untick it, then "
					+ "click Approve Checked again.");
			return back;
		}
		try {
			ApprovalService.Outcome outcome = this.approvals.approve(companyId, user.getName(),
					new ApprovalService.Approval(checked,
							"CLEAR".equals(rule) ? ApprovalService.Unchecked.CLEAR : ApprovalService.Unchecked.KEEP,
							overrides, sides, shown, false));
			java.util.Set<Long> skippedIds = new java.util.HashSet<>();
			outcome.skipped().forEach((s) -> skippedIds.add(s.id()));
			List<String> approvedNames = checked.stream()
				.filter((id) -> !skippedIds.contains(id) && named.containsKey(id))
				.map((id) -> RecordNames.fromSummary(named.get(id).summary()))
				.toList();
			StringBuilder notice = new StringBuilder("Approved " + outcome.approved()
					+ (approvedNames.isEmpty() ? "" : ": " + shortList(approvedNames)) + ". " + outcome.kept() + " kept, "
					+ outcome.cleared() + " cleared.");
			if (outcome.exports() > 0) {
				notice.append(" The approved changes go to QuickBooks at the next Web Connector run.");
			}
			flash.addFlashAttribute("notice", notice.toString());
			List<String> skipped = new ArrayList<>();
			outcome.skipped().forEach((s) -> skipped.add(s.reason()));
			if (!skipped.isEmpty()) {
				flash.addFlashAttribute("errors", skipped);
			}
		}
		catch (InvalidInputException ex) {
			List<String> errors = new ArrayList<>();
			ex.problems().forEach((p) -> errors.add(p.message()));
			flash.addFlashAttribute("error", ex.getMessage());
			flash.addFlashAttribute("errors", errors);
		}
		return back;
	}

	/** Scan now: the company's change sets are read and the wizard shows what they hold. */
	@PostMapping("/companies/{companyId}/wizard/scan")
	String scan(@PathVariable long companyId, Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		try {
			this.scans.scan(companyId);
			long waiting = this.items.countOpen(companyId);
			flash.addFlashAttribute("notice", "Scanned: " + waiting + ((waiting == 1) ? " item waits" : " items wait")
					+ " in the Sync Wizard.");
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/companies/" + companyId + "/wizard";
	}

	/** The wizard again, with the search and filter the form was sent from. */
	private static String backTo(long companyId, String q, boolean problems) {
		UriComponentsBuilder url = UriComponentsBuilder.fromPath("/companies/{id}/wizard");
		if (q != null && !q.isBlank()) {
			url.queryParam("q", q.strip());
		}
		if (problems) {
			url.queryParam("problems", true);
		}
		return "redirect:" + url.encode().buildAndExpand(companyId).toUriString();
	}

	@GetMapping("/companies/{companyId}/wizard/cleared")
	String cleared(@PathVariable long companyId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "wizard");
		model.addAttribute("items", this.items.inState(companyId, WizardItemState.CLEARED, Long.MAX_VALUE, 500));
		return "cleared";
	}

	@PostMapping("/companies/{companyId}/wizard/cleared/{itemId}/undo")
	String undo(@PathVariable long companyId, @PathVariable long itemId, Authentication user,
			RedirectAttributes flash) {
		this.access.require(user, companyId);
		try {
			WizardItem back = this.approvals.undoClear(companyId, itemId, user.getName());
			flash.addFlashAttribute("notice", RecordNames.capitalized(RecordNames.fromSummary(back.summary())) + " is back in the Sync Wizard.");
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/companies/" + companyId + "/wizard/cleared";
	}

	/** For each export item, the records it names that are not in QuickBooks yet, by name ("blocked by"). */
	private static Map<Long, List<String>> waitsFor(List<WizardItem> export, RecordNames.Names names) {
		Map<Long, List<String>> waits = new HashMap<>();
		for (WizardItem item : export) {
			if (item.recordId() == null || !"invoices payments".contains(String.valueOf(item.recordType()))) {
				continue;
			}
			List<String> parents = names.waitingParents(item.recordId());
			if (!parents.isEmpty()) {
				waits.put(item.id(), parents);
			}
		}
		return waits;
	}

	/** QuickBooks lists a field-service app only takes in, shown in the Import section as one row per type. */
	private static final Map<String, String[]> GROUPED = Map.of("Account", new String[] { "account", "accounts" },
			"Class", new String[] { "class", "classes" }, "StandardTerms", new String[] { "payment terms",
					"payment terms" }, "ItemSalesTax", new String[] { "sales tax item", "sales tax items" });

	/** One row of the Import section that stands for every item of a QuickBooks list type on the page. */
	record ImportGroup(String type, String title, List<WizardItem> items) {
	}

	/** Whether the item is shown in its type's group row: an import of a list nothing but QuickBooks changes. */
	static boolean grouped(WizardItem item) {
		return item.direction() == Direction.IMPORT && GROUPED.containsKey(item.objectType()) && !item.blocked()
				&& !item.needsReview();
	}

	private static List<ImportGroup> groups(List<WizardItem> imports) {
		Map<String, List<WizardItem>> byType = new java.util.TreeMap<>();
		imports.stream().filter(WizardPage::grouped).forEach((i) -> byType.computeIfAbsent(i.objectType(),
				(k) -> new ArrayList<>()).add(i));
		List<ImportGroup> groups = new ArrayList<>();
		byType.forEach((type, items) -> {
			String[] words = GROUPED.get(type);
			groups.add(new ImportGroup(type, items.size() + " " + ((items.size() == 1) ? words[0] : words[1])
					+ " from QuickBooks", items));
		});
		return groups;
	}

	/** "customer Oak Hill, invoice 1001, ..." with at most ten names, then how many more. */
	static String shortList(List<String> names) {
		int shown = Math.min(10, names.size());
		String list = String.join(", ", names.subList(0, shown));
		return (names.size() > shown) ? list + " and " + (names.size() - shown) + " more" : list;
	}

	/**
	 * For each export item, what is wrong with the parents it waits for: a parent whose own change failed, or was
	 * cleared, never reaches QuickBooks by itself, so the item would wait for good unless the admin acts.
	 */
	private Map<Long, List<String>> parentTrouble(long companyId, List<WizardItem> export, RecordNames.Names names) {
		Map<Long, List<String>> trouble = new HashMap<>();
		for (WizardItem item : export) {
			if (item.recordId() == null || !"invoices payments".contains(String.valueOf(item.recordType()))) {
				continue;
			}
			List<String> found = new ArrayList<>();
			for (StoredRecord parent : names.waitingParentRecords(item.recordId())) {
				String name = names.nameOf(parent);
				this.items.latestExportState(companyId, parent.id()).ifPresent((state) -> {
					if (state == WizardItemState.FAILED) {
						found.add(name + " failed to reach QuickBooks: fix it in Unsynced Entities first");
					}
					else if (state == WizardItemState.CLEARED) {
						found.add(name + " was cleared: bring it back from Cleared items, or this waits for good");
					}
				});
			}
			if (!found.isEmpty()) {
				trouble.put(item.id(), found);
			}
		}
		return trouble;
	}

	/** An id as the form writes it, or null. */
	private static Long id(String value) {
		return value.matches("\\d{1,18}") ? Long.valueOf(value) : null;
	}

	/** One of the choices the form offers, or null. */
	private static <E extends Enum<E>> E choice(Class<E> type, String value) {
		return java.util.Arrays.stream(type.getEnumConstants()).filter((e) -> e.name().equals(value)).findFirst()
			.orElse(null);
	}

	private static List<Long> ids(List<String> values) {
		List<Long> ids = new ArrayList<>();
		if (values != null) {
			for (String v : values) {
				if (v != null && v.matches("\\d{1,18}")) {
					ids.add(Long.parseLong(v));
				}
			}
		}
		return ids;
	}

}
