package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The company settings page shows the Web Connector's usual address and the recent failed logins by address, and a
 * password qbsync generated once.
 */
class CompanyPageLoginsTests extends IntegrationTest {

	@Test
	void aCompanyAddedWithTheFormsPasswordLeftEmptyShowsTheGeneratedOneOnceAndItLogsIn() {
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		admin.open("/companies");
		String username = TestCompanies.uniqueUsername("form");

		HttpResponse<String> added = admin.post("/companies", true, "name", "Form Generated", "username", username,
				"password", "", "companyFile", "", "runEveryMinutes", "60");

		assertThat(added.statusCode()).isEqualTo(302);
		String location = added.headers().firstValue("Location").orElseThrow();
		String page = admin.open(location).body();
		Matcher shown = Pattern.compile("<code id=\"new-password\">([A-Za-z0-9_-]{24})</code>").matcher(page);
		assertThat(shown.find()).as("the page shows the generated password").isTrue();
		assertThat(page).contains("shown only this once");
		assertThat(new WebConnectorClient(endpoint()).authenticate(username, shown.group(1)).get(1))
			.isNotEqualTo("nvu");
		// once: the next visit does not show it
		assertThat(admin.open(location).body()).doesNotContain("id=\"new-password\"").doesNotContain(shown.group(1));
	}

	@Test
	void theSettingsPageShowsRecentFailedLoginsWithTheirAddresses() {
		TestCompany company = TestCompanies.create(api(), "Page Storm");
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		wc.from("198.51.100.40").authenticate(company.username(), company.password());
		for (int i = 0; i < 7; i++) {
			wc.from("203.0.113.90").authenticate(company.username(), "guess " + i);
		}
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();

		String page = admin.open("/companies/" + company.id()).body();

		assertThat(page).contains("Web Connector logins").contains("<code>198.51.100.40</code>");
		assertThat(page).containsPattern("<code>203\\.0\\.113\\.90</code></td>\\s*<td>7</td>");
	}

}
