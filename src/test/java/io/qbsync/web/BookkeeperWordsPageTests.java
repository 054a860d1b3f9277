package io.qbsync.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.harness.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages speak as a bookkeeper does, and agree with the buttons next to their words. */
@TestPropertySource(properties = "qbsync.import.enabled=true")
class BookkeeperWordsPageTests extends IntegrationTest {

	private final JdbcClient jdbc;

	BookkeeperWordsPageTests(@Autowired JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Test
	void aConflictShowsBothSidesAndIsNotApprovedUntilTheAdminChoosesOne() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Words Conflict");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.session(company, books);
		steps.put(company, "customers", "C-4", "{\"name\": \"Smith Lawn\", \"email\": \"first@smith.example\"}");
		steps.scanAndApproveAll(company);
		steps.session(company, books);
		steps.session(company, books);
		String smith = books.findByName("Customer", "Smith Lawn").orElseThrow().text("ListID");
		books.userEdit(smith, "Email", "bookkeeper@smith.example");
		steps.put(company, "customers", "C-4", "{\"name\": \"Smith Lawn\", \"email\": \"ours@smith.example\"}");
		this.jdbc.sql("UPDATE quickbooks_import_cursors SET completed_at = '2000-01-01' WHERE company_id = ?")
			.param(company.id())
			.update();
		steps.session(company, books);
		steps.scan(company);
		Map<String, Object> conflict = exportItems(company).stream()
			.filter((i) -> "CONFLICT".equals(i.get("action")))
			.findFirst()
			.orElseThrow();
		String id = conflict.get("id").toString();
		Browser admin = signedIn();

		String wizard = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(wizard).contains("<th>QuickBooks</th><th></th><th>field-service app</th>")
			.contains("bookkeeper@smith.example", "ours@smith.example")
			.containsPattern("<input type=\"radio\" name=\"side-" + id + "\" value=\"QUICKBOOKS\">")
			.containsPattern("<input type=\"radio\" name=\"side-" + id + "\" value=\"SINGLEOPS\">")
			.doesNotContain("value=\"SINGLEOPS\" checked");

		// Approve Checked with no side chosen: a clear message, nothing decided
		admin.post("/companies/" + company.id() + "/wizard/approve", true, "unchecked", "KEEP", "shown", id,
				"checked", id);
		assertThat(admin.open("/companies/" + company.id() + "/wizard").body())
			.contains("Nothing was approved: customer Smith Lawn was changed in both QuickBooks and the field-service "
					+ "app. Choose which version to keep");
		assertThat(exportItems(company)).extracting((i) -> i.get("id").toString()).contains(id);

		// the API says the same and changes nothing
		Map<String, Object> body = new HashMap<>();
		body.put("checked", List.of(Long.parseLong(id)));
		body.put("unchecked", "KEEP");
		var refused = api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> Map.entry(response.getStatusCode().value(),
					new String(response.getBody().readAllBytes())));
		assertThat(refused.getKey()).isEqualTo(400);
		assertThat(refused.getValue()).contains("Nothing was approved", "changed on both sides");
		assertThat(exportItems(company)).extracting((i) -> i.get("id").toString()).contains(id);

		// choosing QuickBooks' side keeps the bookkeeper's edit
		admin.post("/companies/" + company.id() + "/wizard/approve", true, "unchecked", "KEEP", "shown", id,
				"checked", id, "side-" + id, "QUICKBOOKS");
		assertThat(admin.open("/companies/" + company.id() + "/wizard").body()).contains("Approved 1: customer Smith Lawn.");
		steps.session(company, books);
		assertThat(books.find(smith).orElseThrow().text("Email")).isEqualTo("bookkeeper@smith.example");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> exportItems(TestCompany company) {
		return (List<Map<String, Object>>) api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve()
			.body(Map.class)
			.get("export");
	}

	private Browser signedIn() {
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		return admin;
	}

}
