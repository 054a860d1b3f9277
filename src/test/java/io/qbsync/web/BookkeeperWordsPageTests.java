package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.ImportEnabled;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages speak as a bookkeeper does, and agree with the buttons next to their words. */
@ImportEnabled
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
		// only the fields that really differ: QuickBooks' "active" is no difference when the app carries none
		assertThat((List<?>) conflict.get("changes")).extracting((c) -> (Object) ((Map<?, ?>) c).get("field"))
			.containsExactly("email");
		assertThat(wizard).doesNotContain("<td>active</td>");

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
		// under Successful the resolved conflict says which version was kept, not what to do
		String successful = admin.open("/companies/" + company.id() + "/report?tab=SUCCEEDED").body();
		assertThat(successful).contains("customer &quot;Smith Lawn&quot; changed in both the field-service app and "
				+ "QuickBooks: QuickBooks&#39; version kept").doesNotContainIgnoringCase("choose which version");
	}

	@Test
	void accountsClassesAndTermsFromQuickBooksAreOneRowPerTypeAndApprovedTogether() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Words Import");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		for (String name : List.of("Sales", "Mowing Income", "Tree Work Income")) {
			books.seed("Account", "<Name>" + name + "</Name><AccountType>Income</AccountType>");
		}
		books.seed("Class", "<Name>North</Name>");
		books.seed("Class", "<Name>South</Name>");
		steps.session(company, books);
		steps.scan(company);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> imports = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("import");
		List<String> accounts = imports.stream().filter((i) -> "Account".equals(i.get("objectType")))
			.map((i) -> i.get("id").toString()).toList();
		assertThat(accounts).hasSize(3);
		Browser admin = signedIn();

		String wizard = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(wizard).contains("<summary>3 accounts from QuickBooks</summary>", "<summary>2 classes from QuickBooks</summary>")
			.contains("id=\"group-Account\"")
			.doesNotContain("id=\"item-" + accounts.get(0) + "\"");

		List<String> form = new java.util.ArrayList<>(List.of("unchecked", "KEEP", "group", "Account"));
		imports.forEach((i) -> form.addAll(List.of("shown", i.get("id").toString())));
		admin.post("/companies/" + company.id() + "/wizard/approve", true, form.toArray(String[]::new));
		String after = admin.open("/companies/" + company.id() + "/wizard").body();
		// the classes' row was left unticked: both classes are kept for later, as two items
		assertThat(after).containsPattern("Approved 3: account [^<]*\\. 2 kept, 0 cleared\\.")
			.contains("account Sales", "account Mowing Income", "account Tree Work Income")
			.doesNotContain("accounts from QuickBooks");
	}

	@Test
	void aNewWebConnectorPasswordIsMadeOnlyAfterTheAdminConfirms() {
		TestCompany company = TestCompanies.create(api(), "Words Password");
		Browser admin = signedIn();
		String page = admin.open("/companies/" + company.id()).body();
		assertThat(page).containsPattern("<input type=\"checkbox\" name=\"confirm\" value=\"true\" required id=\"confirm-password\"> I understand");

		assertThat(admin.post("/companies/" + company.id() + "/password", true).statusCode()).isEqualTo(302);
		page = admin.open("/companies/" + company.id()).body();
		assertThat(page).contains("The Web Connector password was not changed").doesNotContain("id=\"new-password\"");
		assertThat(authenticates(company)).isTrue();

		admin.post("/companies/" + company.id() + "/password", true, "confirm", "true");
		assertThat(admin.open("/companies/" + company.id()).body()).contains("id=\"new-password\"");
		assertThat(authenticates(company)).isFalse();
	}

	@Test
	void anAddressWithAnUnreadableNumberAnswersWithAPageNotTheApisProblemDocument() {
		TestCompany company = TestCompanies.create(api(), "Words Unreadable");
		Browser admin = signedIn();
		for (String address : List.of("/companies/abc/wizard", "/companies/" + company.id() + "/report?page=abc",
				"/companies/" + company.id() + "/unsynced?page=-x",
				"/companies/" + company.id() + "/jobs/abc/restart",
				"/companies/" + company.id() + "/jobs/987654321/restart")) {
			if (address.endsWith("/restart")) {
				// the form's token comes from the page the form is on
				admin.open("/companies/" + company.id() + "/jobs");
			}
			HttpResponse<String> page = address.endsWith("/restart") ? admin.post(address, true) : admin.get(address);
			assertThat(page.statusCode()).as(address).isBetween(400, 404);
			assertThat(page.headers().firstValue("Content-Type").orElse("")).as(address).startsWith("text/html");
			assertThat(page.body()).as(address).contains("id=\"way-back\"").doesNotContain("\"detail\"");
		}
	}

	@Test
	void aMissingPageAndAForbiddenFormAnswerWithAPageAndAWayBack() {
		TestCompany company = TestCompanies.create(api(), "Words Errors");
		Browser admin = signedIn();
		HttpResponse<String> missing = admin.get("/companies/" + (company.id() + 100000) + "/wizard");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("This page is not here", "href=\"/\" id=\"way-back\"");
		HttpResponse<String> nowhere = admin.get("/no-such-page");
		assertThat(nowhere.statusCode()).isEqualTo(404);
		assertThat(nowhere.body()).contains("This page is not here", "id=\"way-back\"");

		String viewer = TestCompanies.uniqueUsername("viewer");
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", viewer, "password", "viewer-password-1", "role", "VIEWER", "companies",
					List.of(company.id())))
			.retrieve()
			.toBodilessEntity();
		Browser looker = new Browser(baseUri());
		assertThat(looker.signIn(viewer, "viewer-password-1")).isTrue();
		looker.open("/companies/" + company.id());
		HttpResponse<String> refused = looker.post("/companies/" + company.id() + "/password", true, "confirm", "true");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Your user may not do this", "Nothing was changed", "id=\"way-back\"");
	}

	private boolean authenticates(TestCompany company) {
		List<String> answer = new WebConnectorClient(endpoint()).authenticate(company.username(), company.password());
		return !"nvu".equals(answer.get(1));
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
