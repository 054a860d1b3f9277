package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No dead ends on the wizard and Unsynced Entities: a row with a problem offers what fixes it, Clear Unchecked leaves
 * alone the rows the admin could not check, what waits on a failed parent says so, nothing claims all is done while
 * items wait, search and "problems only" narrow the rows on the server, Scan now, and a Resync of a record QuickBooks
 * no longer has is turned to Clear ID.
 */
@SuppressWarnings("unchecked")
class DeadEndsPageTests extends IntegrationTest {

	private static final String TOO_LONG = "Green Acres Landscaping and Tree Service of Raleigh";

	@Test
	void aNameTooLongOffersTheTruncationSettingAndTheRecord() {
		TestCompany company = TestCompanies.create(api(), "Too Long");
		steps().put(company, "customers", "C-1", "{\"name\": \"" + TOO_LONG + "\"}");
		steps().scan(company);
		Browser browser = signedIn();

		String wizard = browser.open("/companies/" + company.id() + "/wizard").body();
		String row = row(wizard, "item-" + exportIds(company).get("C-1"));
		assertThat(row).contains("at most 41", "class=\"fix-link truncation-link\"",
				"href=\"/companies/" + company.id() + "#truncation\"",
				"href=\"/companies/" + company.id() + "/records/customers/C-1\"");
		assertThat(browser.open("/companies/" + company.id()).body()).contains("id=\"truncation\"",
				"name=\"allowTruncation\"");
		String record = browser.open("/companies/" + company.id() + "/records/customers/C-1").body();
		assertThat(record).contains(TOO_LONG, "not in QuickBooks yet",
				"/api/companies/" + company.id() + "/records/customers/C-1");

		// the setting on the company page: the next scan sends the name shortened, with a warning, not a block
		assertThat(browser.post("/companies/" + company.id(), true, "name", "Too Long", "companyFile", "",
				"runEveryMinutes", "60", "allowTruncation", "true").statusCode()).isEqualTo(302);
		assertThat(api().get().uri("/api/companies/{id}", company.id()).retrieve().body(Map.class))
			.containsEntry("allowTruncation", true);
		steps().put(company, "customers", "C-1", "{\"name\": \"" + TOO_LONG + "\", \"phone\": \"919-555-0101\"}");
		steps().scan(company);
		assertThat(exportItems(company)).singleElement().satisfies((i) -> assertThat(i).containsEntry("blocked", false));
	}

	@Test
	void clearUncheckedKeepsTheRowsTheAdminCouldNotCheckAndThePageSaysSo() {
		TestCompany company = TestCompanies.create(api(), "Blocked Kept");
		steps().put(company, "customers", "C-1", "{\"name\": \"" + TOO_LONG + "\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Fine Customer\"}");
		steps().put(company, "customers", "C-3", "{\"name\": \"Unticked Customer\"}");
		steps().scan(company);
		Map<String, Long> ids = exportIds(company);
		Browser browser = signedIn();
		String page = browser.open("/companies/" + company.id() + "/wizard").body();
		assertThat(page).contains("id=\"blocked-note\"", "1 row has a problem and cannot be checked. Clear Unchecked does not clear it: it is kept");

		HttpResponse<String> approved = browser.post("/companies/" + company.id() + "/wizard/approve", true, "shown",
				ids.get("C-1").toString(), "shown", ids.get("C-2").toString(), "shown", ids.get("C-3").toString(),
				"checked", ids.get("C-2").toString(), "unchecked", "CLEAR");
		assertThat(approved.statusCode()).isEqualTo(302);
		assertThat(browser.open("/companies/" + company.id() + "/wizard").body()).contains("Approved 1: customer Fine Customer. 1 kept, 1 cleared.");
		List<Map<String, Object>> cleared = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard/cleared", company.id())
			.retrieve()
			.body(List.class);
		assertThat(cleared).extracting((i) -> i.get("externalId")).containsExactly("C-3");
		assertThat(api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve().body(Map.class))
			.containsEntry("kept", 1);
	}

	@Test
	void aWizardFormWithAChoiceItNeverOffersApprovesNothingAndSaysSo() {
		TestCompany company = TestCompanies.create(api(), "Odd Form");
		steps().put(company, "customers", "C-1", "{\"name\": \"Odd Form Customer\"}");
		steps().scan(company);
		String id = exportIds(company).get("C-1").toString();
		Browser browser = signedIn();
		browser.open("/companies/" + company.id() + "/wizard");
		for (String[] odd : List.of(new String[] { "override-first", "CLEAR" }, new String[] { "override-" + id, "DROP" },
				new String[] { "side-" + id, "BOTH" })) {
			HttpResponse<String> answer = browser.post("/companies/" + company.id() + "/wizard/approve", true, "shown",
					id, "checked", id, "unchecked", "KEEP", odd[0], odd[1]);
			assertThat(answer.statusCode()).as(odd[0]).isEqualTo(302);
			assertThat(browser.open("/companies/" + company.id() + "/wizard").body())
				.contains("Nothing was approved: the form held choices qbsync does not know (" + odd[0] + ")");
		}
		assertThat(api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve().body(Map.class))
			.containsEntry("waiting", 1);
	}

	@Test
	void searchAndProblemsOnlyNarrowTheWizardOnTheServerAndApprovingKeepsTheQuery() {
		TestCompany company = TestCompanies.create(api(), "Wizard Search");
		steps().put(company, "customers", "C-1", "{\"name\": \"" + TOO_LONG + "\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Maple Street Homes\"}");
		steps().put(company, "customers", "C-3", "{\"name\": \"Birch Lane Farm\"}");
		steps().scan(company);
		Map<String, Long> ids = exportIds(company);
		Browser browser = signedIn();
		String wizard = "/companies/" + company.id() + "/wizard";

		String problems = browser.open(wizard + "?problems=true").body();
		assertThat(rowIds(problems)).containsExactly("item-" + ids.get("C-1"));
		assertThat(problems).contains("Showing 1 of the 3 items waiting");
		assertThat(rowIds(browser.open(wizard + "?q=maple").body())).containsExactly("item-" + ids.get("C-2"));
		assertThat(rowIds(browser.open(wizard + "?q=C-3").body())).containsExactly("item-" + ids.get("C-3"));
		assertThat(browser.open(wizard + "?q=nobody").body()).contains("Nothing here matches the search.");

		browser.open(wizard + "?q=maple");
		HttpResponse<String> approved = browser.post(wizard + "/approve", true, "q", "maple", "shown",
				ids.get("C-2").toString(), "checked", ids.get("C-2").toString(), "unchecked", "KEEP");
		assertThat(approved.headers().firstValue("Location").orElseThrow()).endsWith(wizard + "?q=maple");
	}

	@Test
	void scanNowOnTheWizardShowsNewChanges() {
		TestCompany company = TestCompanies.create(api(), "Scan Now");
		Browser browser = signedIn();
		String wizard = "/companies/" + company.id() + "/wizard";
		assertThat(browser.open(wizard).body()).contains("id=\"scan-now\"").doesNotContain("Scanned Customer");
		steps().put(company, "customers", "C-1", "{\"name\": \"Scanned Customer\"}");
		assertThat(browser.open(wizard).body()).doesNotContain("Scanned Customer");

		assertThat(browser.post(wizard + "/scan", true).statusCode()).isEqualTo(302);
		assertThat(browser.open(wizard).body()).contains("Scanned: 1 item waits", "Scanned Customer");
	}

	@Test
	void whatWaitsOnAFailedParentIsFlaggedAndNothingClaimsAllIsDoneWhileItemsWait() {
		TestCompany company = TestCompanies.create(api(), "Failed Parent");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		Browser browser = signedIn();
		String unsynced = "/companies/" + company.id() + "/unsynced";
		assertThat(browser.open(unsynced).body()).contains("Everything approved reached QuickBooks.");

		steps().put(company, "customers", "C-1", "{\"name\": \"Failing Parent\"}");
		steps().put(company, "items", "I-1",
				"{\"name\": \"Tree Removal\", \"type\": \"SERVICE\", \"rate\": 450, \"incomeAccount\": \"Sales\"}");
		steps().scanAndApproveAll(company);
		// approved, not yet delivered: the page does not say everything reached QuickBooks
		String waiting = browser.open(unsynced).body();
		assertThat(waiting).doesNotContain("Everything approved reached QuickBooks").contains("id=\"still-pending\"",
				"2 approved items are", "still on the way to QuickBooks");

		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Failing Parent\" in the Name field.");
		steps().session(company, books);
		steps().put(company, "invoices", "INV-1", """
				{"number": "1001", "customer": "C-1", "date": "2026-11-26",
				 "lines": [{"item": "I-1", "quantity": 2, "rate": 450}]}""");
		steps().scan(company);
		Map<String, Long> ids = exportIds(company);
		String wizard = browser.open("/companies/" + company.id() + "/wizard").body();
		assertThat(row(wizard, "item-" + ids.get("INV-1"))).contains("class=\"parent-trouble error\"",
				"Waits for good: customer Failing Parent failed to reach QuickBooks: fix it in Unsynced Entities first",
				"/records/invoices/INV-1");
		assertThat(rowIds(browser.open("/companies/" + company.id() + "/wizard?problems=true").body()))
			.containsExactly("item-" + ids.get("INV-1"));

		// approved anyway, the invoice fails naming its parent; "problems only" leaves it out of Unsynced Entities
		api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(Map.of("checked", List.of(ids.get("INV-1")), "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
		steps().session(company, books);
		String all = browser.open(unsynced).body();
		assertThat(all).contains("Failing Parent", "Not sent: it needs the customer").doesNotContain("Everything approved");
		String own = browser.open(unsynced + "?problems=true").body();
		assertThat(own).contains("Failing Parent").doesNotContain("Not sent: it needs the customer");
		assertThat(browser.open(unsynced + "?q=1001").body()).doesNotContain("Add customer")
			.contains("Add invoice", "Not sent: it needs the customer");
		assertThat(browser.open(unsynced + "?q=nothing-like-it").body()).contains("No failed record matches the search.")
			.doesNotContain("Everything approved");
	}

	@Test
	void resyncOfARecordGoneFromQuickBooksWarnsAndOffersClearIdFirst() {
		TestCompany company = TestCompanies.create(api(), "Gone Resync");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps().put(company, "customers", "C-1", "{\"name\": \"Busy Customer\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Gone Customer\"}");
		steps().scanAndApproveAll(company);
		steps().session(company, books);
		books.userDelete(books.findByName("Customer", "Gone Customer").orElseThrow().text("ListID"));
		steps().put(company, "customers", "C-1", "{\"name\": \"Busy Customer\", \"phone\": \"919-555-0101\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Gone Customer\", \"phone\": \"919-555-0102\"}");
		steps().scanAndApproveAll(company);
		// the first Mod (Busy Customer's) is refused for a reason of its own
		books.failNext("CustomerMod", 3090, "There was an error when storing \"Busy Customer\" in the Name field.");
		steps().session(company, books);
		Map<String, Long> failed = new java.util.HashMap<>();
		((List<Map<String, Object>>) api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve()
			.body(List.class)).forEach((u) -> failed.put(String.valueOf(u.get("summary")), ((Number) u.get("id")).longValue()));
		long gone = failed.entrySet().stream().filter((e) -> e.getKey().contains("Gone")).findFirst().orElseThrow().getValue();
		long busy = failed.entrySet().stream().filter((e) -> e.getKey().contains("Busy")).findFirst().orElseThrow().getValue();

		Browser browser = signedIn();
		String unsynced = "/companies/" + company.id() + "/unsynced";
		String list = browser.open(unsynced).body();
		assertThat(row(list, "unsynced-" + gone)).contains("QuickBooks no longer has the record this one is linked to");
		assertThat(row(list, "unsynced-" + busy)).doesNotContain("no longer has");

		// Resync on the gone row: not resent, its Clear ID opens with the warning
		HttpResponse<String> resync = browser.post(unsynced + "/resync", true, "one", Long.toString(gone));
		assertThat(resync.headers().firstValue("Location").orElseThrow())
			.endsWith(unsynced + "/" + gone + "/clear-id");
		String clearId = browser.open(resync.headers().firstValue("Location").orElseThrow()).body();
		assertThat(clearId).contains("id=\"gone-warning\"", "Not resent.", "id=\"confirm-clear\"", "id=\"resync-anyway\"");
		assertThat(state(company, gone)).isEqualTo("FAILED");

		// among checked rows it is left out and named; the other is resent
		browser.open(unsynced);
		browser.post(unsynced + "/resync", true, "item", Long.toString(gone), "item", Long.toString(busy));
		assertThat(browser.open(unsynced).body()).contains("Resynced 1: customer ", "not resent");
		assertThat(state(company, gone)).isEqualTo("FAILED");
		assertThat(state(company, busy)).isIn("APPROVED", "PENDING");

		// Resync anyway is still there for the admin who knows better
		browser.open(unsynced + "/" + gone + "/clear-id");
		browser.post(unsynced + "/resync", true, "one", Long.toString(gone), "anyway", "true");
		assertThat(state(company, gone)).isIn("APPROVED", "PENDING");
	}

	private String state(TestCompany company, long itemId) {
		Map<String, Object> pending = api().get()
			.uri("/api/companies/{id}/syncs?state=PENDING", company.id())
			.retrieve()
			.body(Map.class);
		boolean isPending = ((List<Map<String, Object>>) pending.get("items")).stream()
			.anyMatch((i) -> ((Number) i.get("id")).longValue() == itemId);
		if (isPending) {
			return "PENDING";
		}
		List<Map<String, Object>> unsynced = api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve()
			.body(List.class);
		return unsynced.stream().anyMatch((u) -> ((Number) u.get("id")).longValue() == itemId) ? "FAILED" : "OTHER";
	}

	private Browser signedIn() {
		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		return browser;
	}

	private List<Map<String, Object>> exportItems(TestCompany company) {
		return (List<Map<String, Object>>) api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve()
			.body(Map.class)
			.get("export");
	}

	private Map<String, Long> exportIds(TestCompany company) {
		Map<String, Long> ids = new java.util.HashMap<>();
		exportItems(company).forEach((i) -> ids.put((String) i.get("externalId"), ((Number) i.get("id")).longValue()));
		return ids;
	}

	/** The ids of the table rows of the wizard's items on a page. */
	private static List<String> rowIds(String page) {
		List<String> ids = new ArrayList<>();
		Matcher m = Pattern.compile("<tr id=\"(item-\\d+)\"").matcher(page);
		while (m.find()) {
			ids.add(m.group(1));
		}
		return ids;
	}

	/** The HTML of one table row, by its id (up to the next row: rows hold tables of their own). */
	private static String row(String page, String id) {
		int start = page.indexOf("<tr id=\"" + id + "\"");
		assertThat(start).as("row " + id).isNotNegative();
		int next = page.indexOf("<tr id=", start + 1);
		int end = page.indexOf("</tbody>", start);
		return page.substring(start, (next > 0 && next < end) ? next : end);
	}

	private SyncSteps steps() {
		return new SyncSteps(api(), endpoint());
	}

}
