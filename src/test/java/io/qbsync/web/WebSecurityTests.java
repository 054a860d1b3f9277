package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' security, over plain HTTP: sign-in required, viewers may look but the server refuses their changes,
 * forms without a CSRF token are refused, and a user sees only the companies given to them.
 */
class WebSecurityTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void pagesNeedASignInAndEveryPageOpensForAnAdmin() {
		TestCompany company = TestCompanies.create(api(), "Pages");
		new SyncSteps(api(), endpoint()).put(company, "customers", "C-1", "{\"name\": \"Page Customer\"}");
		api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
		Browser anonymous = new Browser(baseUri());
		HttpResponse<String> redirected = anonymous.get("/companies/" + company.id() + "/wizard");
		assertThat(redirected.statusCode()).isEqualTo(302);
		assertThat(redirected.headers().firstValue("Location").orElseThrow()).endsWith("/login");

		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		assertThat(new Browser(baseUri()).signIn(ADMIN, "wrong-password")).isFalse();
		for (String page : List.of("/companies/" + company.id() + "/wizard", "/companies/" + company.id() + "/report",
				"/companies/" + company.id() + "/report?tab=FAILED", "/companies/" + company.id() + "/unsynced",
				"/companies/" + company.id() + "/jobs", "/companies/" + company.id(), "/companies",
				"/companies/" + company.id() + "/wizard/cleared", "/guide?q=3100")) {
			HttpResponse<String> response = admin.open(page);
			assertThat(response.statusCode()).as(page + ": " + response.body()).isEqualTo(200);
			assertThat(response.body()).as(page).contains("Sign out");
			if (page.startsWith("/companies/")) {
				assertThat(response.body()).as(page).contains("Sync Wizard", "Unsynced Entities", "QuickBooks Sync Report");
			}
		}
		String wizard = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(wizard).contains("Import from QuickBooks", "Export to QuickBooks", "Approve Checked",
				"Keep Unchecked", "Clear Unchecked", "Add customer &quot;Page Customer&quot; to QuickBooks");
		assertThat(wizard).containsPattern("class=\"badge[^\"]*\">1<");
		// never checked in while an item waits: the check-in shows red
		assertThat(wizard).containsPattern("class=\"check-in stale\"[^>]*>\\s*Web Connector last checked in: <strong>never");
		assertThat(admin.open("/guide?q=3100").body()).contains("code-3100");
		assertThat(admin.open("/companies/" + company.id() + "/qwc").body()).contains("<QBWCXML>");
	}

	@Test
	void aViewerMayLookButTheServerRefusesTheirChanges() {
		TestCompany company = TestCompanies.create(api(), "Viewer Co");
		new SyncSteps(api(), endpoint()).put(company, "customers", "C-1", "{\"name\": \"Viewer Customer\"}");
		api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
		String viewer = user("VIEWER", List.of(company.id()));
		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(viewer, "viewer-password-1")).isTrue();

		String page = browser.open("/companies/" + company.id() + "/wizard").body();
		assertThat(page).contains("Viewer Customer").contains("only an admin can approve");
		long item = ((Number) ((List<Map<String, Object>>) api().get().uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export")).get(0).get("id")).longValue();

		HttpResponse<String> approve = browser.post("/companies/" + company.id() + "/wizard/approve", true, "shown",
				Long.toString(item), "checked", Long.toString(item), "unchecked", "KEEP");
		assertThat(approve.statusCode()).isEqualTo(403);
		browser.open("/companies/" + company.id() + "/unsynced");
		assertThat(browser.post("/companies/" + company.id() + "/unsynced/resync", true, "one", "1").statusCode())
			.isEqualTo(403);
		browser.open("/companies/" + company.id() + "/jobs");
		assertThat(browser.post("/companies/" + company.id() + "/jobs/1/restart", true).statusCode()).isEqualTo(403);
		assertThat(browser.post("/companies/" + company.id() + "/unsynced/1/clear-id", true, "confirm", "true")
			.statusCode()).isEqualTo(403);
		// nothing was approved
		assertThat(api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve().body(Map.class))
			.containsEntry("waiting", 1);
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefused() {
		TestCompany company = TestCompanies.create(api(), "Csrf Co");
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		admin.open("/companies/" + company.id() + "/wizard");

		assertThat(admin.post("/companies/" + company.id() + "/wizard/approve", false, "unchecked", "CLEAR")
			.statusCode()).isEqualTo(403);
		assertThat(admin.post("/companies/" + company.id() + "/password", false).statusCode()).isEqualTo(403);
	}

	@Test
	void aUserCannotOpenAnotherCompanysPagesByChangingTheAddress() {
		TestCompany mine = TestCompanies.create(api(), "Mine Co");
		TestCompany theirs = TestCompanies.create(api(), "Theirs Co");
		String user = user("ADMIN", List.of(mine.id()));
		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(user, "viewer-password-1")).isTrue();

		assertThat(browser.open("/companies/" + mine.id() + "/wizard").statusCode()).isEqualTo(200);
		for (String page : List.of("/wizard", "/report", "/unsynced", "/jobs", "", "/qwc")) {
			assertThat(browser.get("/companies/" + theirs.id() + page).statusCode()).as(page).isEqualTo(404);
		}
		assertThat(browser.open("/companies").body()).contains("Mine Co").doesNotContain("Theirs Co");
		browser.open("/companies/" + mine.id() + "/wizard");
		assertThat(browser.post("/companies/" + theirs.id() + "/wizard/approve", true, "unchecked", "CLEAR")
			.statusCode()).isEqualTo(404);

		// the REST API keeps the same limits
		org.springframework.web.client.RestClient api = org.springframework.web.client.RestClient.builder()
			.baseUrl(baseUri().toString())
			.defaultHeaders((h) -> h.setBasicAuth(user, "viewer-password-1"))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		assertThat(api.get().uri("/api/companies/{id}/wizard", mine.id()).retrieve().toBodilessEntity()
			.getStatusCode().value()).isEqualTo(200);
		assertThat(api.get().uri("/api/companies/{id}/wizard", theirs.id()).retrieve().toBodilessEntity()
			.getStatusCode().value()).isEqualTo(404);
		assertThat(api.post().uri("/api/companies/{id}/wizard/approve", theirs.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", List.of(), "unchecked", "CLEAR"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
		assertThat(api.get().uri("/api/companies").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(403);
		assertThat(api.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", "sneaky-admin", "password", "sneaky-password-1", "role", "ADMIN"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(403);
		assertThat(api.get().uri("/api/jobs/executions").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(403);
		// written differently, still the same endpoints
		assertThat(api.post().uri(java.net.URI.create(baseUri() + "/api/user%73"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", "sneaky-admin", "password", "sneaky-password-1", "role", "ADMIN"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isIn(403, 404);
		assertThat(api.get().uri(java.net.URI.create(baseUri() + "/api/companies/0" + theirs.id() + "/wizard"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
		assertThat(api.get().uri("/api/status-codes/3100").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(200);
	}

	private String user(String role, List<Long> companies) {
		String username = TestCompanies.uniqueUsername(role.toLowerCase());
		Map<String, Object> created = api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", "viewer-password-1", "role", role, "companies", companies))
			.retrieve()
			.body(Map.class);
		assertThat(created).containsEntry("username", username);
		return username;
	}

	@Test
	void repeatedWrongPasswordsAtTheSignInFormLockTheUsernameForAWhile() {
		String username = TestCompanies.uniqueUsername("form");
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", "form-password-1", "role", "VIEWER"))
			.retrieve()
			.toBodilessEntity();
		for (int i = 0; i < 5; i++) {
			assertThat(new Browser(baseUri()).signIn(username, "guess number " + i)).isFalse();
		}
		Browser locked = new Browser(baseUri());
		locked.get("/login");
		HttpResponse<String> refused = locked.post("/login", true, "username", username, "password", "form-password-1");
		String location = refused.headers().firstValue("Location").orElseThrow();
		assertThat(location).contains("/login?error&locked");
		assertThat(locked.open(location).body()).contains("Too many wrong passwords for this username");

		this.jdbc.sql("UPDATE admin_login_failures SET locked_until = '2000-01-01' WHERE username = ?")
			.param(username)
			.update();
		assertThat(new Browser(baseUri()).signIn(username, "form-password-1")).isTrue();
	}

}
