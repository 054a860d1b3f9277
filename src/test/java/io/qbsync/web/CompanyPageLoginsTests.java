package io.qbsync.web;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The company settings page shows the Web Connector's usual address and the recent failed logins by address. */
class CompanyPageLoginsTests extends IntegrationTest {

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
