package io.qbsync.web;

import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** Clear ID for the checked rows of Unsynced Entities: what QuickBooks has for each is shown first, then one confirmation. */
class UnsyncedPageTests extends IntegrationTest {

	@Test
	void clearIdOfTheCheckedRowsShowsWhatQuickBooksHasThenClearsOnConfirmation() {
		TestCompany company = TestCompanies.create(api(), "Bulk Clear");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps().put(company, "customers", "C-1", "{\"name\": \"Gone One\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Gone Two\"}");
		steps().scanAndApproveAll(company);
		steps().session(company, books);
		books.list("Customer").forEach((c) -> books.userDelete(c.text("ListID")));
		steps().put(company, "customers", "C-1", "{\"name\": \"Gone One\", \"phone\": \"919-555-0101\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Gone Two\", \"phone\": \"919-555-0102\"}");
		steps().scanAndApproveAll(company);
		steps().session(company, books);
		List<Map<String, Object>> unsynced = api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve()
			.body(List.class);
		assertThat(unsynced).hasSize(2).allSatisfy((u) -> assertThat(u).containsEntry("code", "3120"));

		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		browser.open("/companies/" + company.id() + "/unsynced");
		String page = browser.post("/companies/" + company.id() + "/unsynced/clear-ids", true, "item",
				String.valueOf(unsynced.get(0).get("id")), "item", String.valueOf(unsynced.get(1).get("id"))).body();
		assertThat(page).contains("Clear ID of the checked records", "Gone One", "Gone Two", "no longer in QuickBooks");
		assertThat(browser.post("/companies/" + company.id() + "/unsynced/clear-ids/confirm", true, "item",
				String.valueOf(unsynced.get(0).get("id")), "item", String.valueOf(unsynced.get(1).get("id")))
			.statusCode()).isEqualTo(302);

		assertThat(browser.open("/companies/" + company.id() + "/unsynced").body()).contains("2 QuickBooks ID(s) cleared");
		List<Map<String, Object>> export = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export");
		assertThat(export).extracting((i) -> i.get("action")).containsExactly("ADD", "ADD");
		assertThat(api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve().body(List.class)).isEmpty();
	}

	@Test
	void theFixBesideAClearIdButtonSaysToClickItRatherThanToAskSupport() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Words Fix");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Gone Customer\"}");
		steps.scanAndApproveAll(company);
		steps.session(company, books);
		books.list("Customer").forEach((c) -> books.userDelete(c.text("ListID")));
		steps.put(company, "customers", "C-1", "{\"name\": \"Gone Customer\", \"phone\": \"919-555-0101\"}");
		steps.scanAndApproveAll(company);
		steps.session(company, books);

		Browser signedIn = new Browser(baseUri());
		assertThat(signedIn.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		String page = signedIn.open("/companies/" + company.id() + "/unsynced").body();
		String fix = page.substring(page.indexOf("<td class=\"fix\""));
		fix = fix.substring(0, fix.indexOf("</td>"));
		assertThat(page).contains(">3120</a>").contains("class=\"clear-id\"");
		assertThat(fix).contains("click Clear ID").doesNotContainIgnoringCase("support");
	}

	@Test
	void aNameQuickBooksAlreadyHasIsToldByTheNameOfWhatHoldsItNotItsId() {
		TestCompany company = TestCompanies.create(api(), "Name Taken");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps().put(company, "customers", "C-1", "{\"name\": \"Maple Street Homes\"}");
		steps().scan(company);
		String taken = books.seed("Customer", "<Name>Maple Street Homes</Name>").text("ListID");
		steps().scanAndApproveAll(company);
		for (int run = 0; run < 3; run++) {
			steps().session(company, books);
		}

		Browser signedIn = new Browser(baseUri());
		assertThat(signedIn.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		String page = signedIn.open("/companies/" + company.id() + "/unsynced").body();
		assertThat(page).contains(">3100</a>");
		String message = page.substring(page.indexOf("<span class=\"message\">"));
		message = message.substring(0, message.indexOf("</span>"));
		assertThat(message).contains("already used in QuickBooks by the customer &quot;Maple Street Homes&quot;")
			.doesNotContain(taken);
	}

	private SyncSteps steps() {
		return new SyncSteps(api(), endpoint());
	}

}
