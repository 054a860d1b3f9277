package io.qbsync.web;

import java.util.List;
import java.util.Map;

import io.qbsync.harness.FakeQuickBooks;
import io.qbsync.harness.WebConnectorClient;
import io.qbsync.harness.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Clear ID for the checked rows of Unsynced Entities: what QuickBooks has for each is shown first, then one confirmation. */
class UnsyncedPageTests extends IntegrationTest {

	@Test
	void clearIdOfTheCheckedRowsShowsWhatQuickBooksHasThenClearsOnConfirmation() {
		TestCompany company = TestCompanies.create(api(), "Bulk Clear");
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
		put(company, "C-1", "{\"name\": \"Gone One\"}");
		put(company, "C-2", "{\"name\": \"Gone Two\"}");
		approveAll(company);
		session(company, books);
		books.list("Customer").forEach((c) -> books.userDelete(c.text("ListID")));
		put(company, "C-1", "{\"name\": \"Gone One\", \"phone\": \"919-555-0101\"}");
		put(company, "C-2", "{\"name\": \"Gone Two\", \"phone\": \"919-555-0102\"}");
		approveAll(company);
		session(company, books);
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

	private void approveAll(TestCompany company) {
		api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
		List<Map<String, Object>> export = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export");
		api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", export.stream().map((i) -> i.get("id")).toList(), "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
	}

	private void session(TestCompany company, FakeQuickBooks books) {
		new WebConnectorRunner(new WebConnectorClient(endpoint()), books).run(company.username(), company.password());
	}

	private void put(TestCompany company, String externalId, String json) {
		api().put()
			.uri("/api/companies/{id}/records/customers/{ext}", company.id(), externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity();
	}

}
