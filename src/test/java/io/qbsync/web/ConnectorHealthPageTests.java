package io.qbsync.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import io.qbsync.webconnector.ConnectorHealth;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Web Connector's trouble, seen on the pages: the header turns red with the reason and what to do, the Sync
 * Report's Pending tab says why items wait, and the company page lists the recent runs with their outcome.
 */
class ConnectorHealthPageTests extends IntegrationTest {

	private static final String ALERT = "id=\"connector-alert\"";

	private final JdbcClient jdbc;

	ConnectorHealthPageTests(@Autowired JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Test
	void quickBooksNotRunningTurnsTheHeaderRedWithTheReasonAndTheFixUntilARunSucceeds() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "QB Closed Page");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Sycamore Ct\"}");
		steps.scanAndApproveAll(company);
		books.notRunning();
		steps.session(company, books);
		Browser admin = signedIn();

		String wizard = admin.open("/companies/" + company.id() + "/wizard").body();
		String pending = admin.open("/companies/" + company.id() + "/report?tab=PENDING").body();
		String companyPage = admin.open("/companies/" + company.id()).body();

		assertThat(wizard).contains(ALERT).containsPattern("QuickBooks could not be opened at \\d\\d:\\d\\d UTC on")
			.contains("QuickBooks is not running", "0x80040416", "What to do:", "full path of its company file");
		assertThat(wizard).contains("class=\"check-in stale\"");
		assertThat(pending).contains("Why these items are waiting:")
			.containsPattern("QuickBooks could not be opened at \\d\\d:\\d\\d UTC on")
			.contains("re-connect the Web Connector");
		assertThat(companyPage).contains("Recent Web Connector runs")
			.containsPattern("<td class=\"outcome\">QuickBooks could not be opened</td>");

		books.running();
		steps.session(company, books);

		String after = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(after).doesNotContain(ALERT);
		assertThat(admin.open("/companies/" + company.id()).body())
			.containsPattern("<td class=\"outcome\">Finished</td>")
			.containsPattern("<td class=\"outcome\">QuickBooks could not be opened</td>");
	}

	@Test
	void anHresultFromQuickBooksIsTheReasonInPlainWords() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Hresult Page");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Busy Books\"}");
		steps.scanAndApproveAll(company);
		books.failNextDocument("0x8004041B", "Could not lock the required information.");
		steps.session(company, books);

		String page = signedIn().open("/companies/" + company.id() + "/report?tab=PENDING").body();

		assertThat(page).contains(ALERT)
			.containsPattern("QuickBooks could not process what qbsync sent at \\d\\d:\\d\\d UTC")
			.contains("QuickBooks busy", "0x8004041B", "try again at the next run");
	}

	@Test
	void theWrongCompanyFileIsNamedAsTheReason() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Wrong File Page");
		FakeQuickBooks otherFile = FakeQuickBooks.builder()
			.fileId("{00000000-0000-0000-0000-00000000F00D}")
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
		steps.put(company, "customers", "C-1", "{\"name\": \"Other File\"}");
		steps.scanAndApproveAll(company);
		steps.session(company, otherFile);

		String page = signedIn().open("/companies/" + company.id()).body();

		assertThat(page).contains(ALERT).contains("The Web Connector opened the wrong company file at")
			.contains("Open this company&#39;s file in QuickBooks")
			.containsPattern("<td class=\"outcome\">Wrong company file</td>");
	}

	@Test
	void aWrongPasswordFromTheWebConnectorsOwnAddressIsTheReasonButAStrangersGuessesAreNot() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Password Page");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Locked Out\"}");
		steps.scanAndApproveAll(company);
		new WebConnectorRunner(new WebConnectorClient(endpoint()).from("198.51.100.61"), books)
			.run(company.username(), company.password());
		Browser admin = signedIn();
		for (int i = 0; i < 6; i++) {
			new WebConnectorClient(endpoint()).from("203.0.113.61").authenticate(company.username(), "guess " + i);
		}

		assertThat(admin.open("/companies/" + company.id() + "/wizard").body()).doesNotContain(ALERT);

		for (int i = 0; i < 10; i++) {
			new WebConnectorClient(endpoint()).from("198.51.100.61").authenticate(company.username(), "old password");
		}

		String page = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(page).contains(ALERT).containsPattern("The Web Connector could not log in at \\d\\d:\\d\\d UTC on")
			.contains("wrong password", "198.51.100.61 tried 10 time(s)", "holds that address back until",
					"type this company&#39;s Web Connector password");
		assertThat(page).doesNotContain("203.0.113.61 tried");
	}

	@Test
	void aPasswordChangedDuringARunSaysToTypeTheNewOne() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Revoked Page");
		steps.put(company, "customers", "C-1", "{\"name\": \"New Password\"}");
		steps.scanAndApproveAll(company);
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		assertThat(wc.authenticate(company.username(), company.password())).hasSizeGreaterThan(1);
		api().post().uri("/api/companies/{id}/password", company.id()).retrieve().toBodilessEntity();

		String page = signedIn().open("/companies/" + company.id()).body();

		assertThat(page).contains(ALERT).containsPattern("The Web Connector&#39;s password was changed at \\d\\d:\\d\\d UTC")
			.contains("Type the new password into the Password column")
			.containsPattern("<td class=\"outcome\">Ended: password changed</td>");
	}

	@Test
	void aConnectorSilentTooLongWhileItemsWaitSaysSinceWhen() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Silent Page");
		steps.put(company, "customers", "C-1", "{\"name\": \"Quiet Lane\"}");
		steps.scanAndApproveAll(company);
		Browser admin = signedIn();

		assertThat(admin.open("/companies/" + company.id() + "/report?tab=PENDING").body()).contains(ALERT)
			.contains("The Web Connector has never run for this company.", "1 approved item(s) wait in Pending.");

		Instant lastRun = Instant.now().minus(5, ChronoUnit.HOURS);
		this.jdbc.sql("UPDATE companies SET last_check_in_at = ? WHERE id = ?")
			.params(Timestamp.from(lastRun), company.id())
			.update();

		String pending = admin.open("/companies/" + company.id() + "/report?tab=PENDING").body();
		assertThat(pending).contains("Why these items are waiting:")
			.contains("The Web Connector has not run since " + ConnectorHealth.time(lastRun) + ".")
			.contains("click Update Selected", "re-connect the Web Connector");

		this.jdbc.sql("UPDATE companies SET last_check_in_at = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES)), company.id())
			.update();

		String fresh = admin.open("/companies/" + company.id() + "/report?tab=PENDING").body();
		assertThat(fresh).doesNotContain(ALERT).doesNotContain("Why these items are waiting:")
			.contains("Approved items go to QuickBooks at the Web Connector's next run");
	}

	private Browser signedIn() {
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		return admin;
	}

}
