package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox company on the pages: the marker on each of its pages, the run button on its company page (and no .qwc
 * file or password to make there), and a sandbox company added from the companies page.
 */
class SandboxPageTests extends IntegrationTest {

	@Test
	void everyPageOfASandboxCompanySaysSoAndItsCompanyPageRunsTheWebConnector() {
		long company = ((Number) api().post()
			.uri("/api/sandbox-companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Page Sandbox"))
			.retrieve()
			.body(Map.class)
			.get("id")).longValue();
		api().put()
			.uri("/api/companies/{id}/records/customers/C-1", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"Hawthorn Row\"}")
			.retrieve()
			.toBodilessEntity();
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();

		for (String page : new String[] { "", "/wizard", "/report", "/unsynced", "/jobs" }) {
			assertThat(admin.open("/companies/" + company + page).body()).as(page).contains("id=\"sandbox-marker\"");
		}
		String settings = admin.open("/companies/" + company).body();
		assertThat(settings).contains("Run the Web Connector now")
			.doesNotContain("id=\"download-qwc\"")
			.doesNotContain("id=\"rotate-password\"");

		HttpResponse<String> ran = admin.post("/companies/" + company + "/sandbox/run", true);
		assertThat(ran.statusCode()).isEqualTo(302);
		assertThat(admin.open(ran.headers().firstValue("Location").orElseThrow()).body())
			.contains("The Web Connector ran: Nothing to send.")
			.contains("id=\"sandbox-last-run\"");
	}

	@Test
	void anOrdinaryCompanysPagesCarryNoSandboxMarker() {
		TestCompany company = TestCompanies.create(api(), "Plain Pages");
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();

		String page = admin.open("/companies/" + company.id()).body();

		assertThat(page).doesNotContain("id=\"sandbox-marker\"").doesNotContain("Run the Web Connector now")
			.contains("id=\"download-qwc\"");
	}

	@Test
	void anAdminAddsASandboxCompanyFromTheCompaniesPage() {
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		admin.open("/companies");

		HttpResponse<String> added = admin.post("/companies/sandbox", true, "name", "Form Sandbox", "runEveryMinutes",
				"15");

		assertThat(added.statusCode()).isEqualTo(302);
		String page = admin.open(added.headers().firstValue("Location").orElseThrow()).body();
		assertThat(page).contains("Sandbox company &quot;Form Sandbox&quot; added").contains("id=\"sandbox-marker\"");
	}

}
