package io.qbsync.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Times are shown in the company's time zone when it has one, and say UTC when it has none. */
class TimeZonePageTests extends IntegrationTest {

	private final JdbcClient jdbc;

	TimeZonePageTests(@Autowired JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Test
	void theReportsDatesAreTheCompanysDays() {
		TestCompany company = TestCompanies.create(api(), "Western Trees");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Late Evening Customer\"}");
		steps.scanAndApproveAll(company);
		steps.session(company, SyncSteps.booksFor(company));
		// 03:00 UTC on 2 November is the evening of 1 November in Los Angeles
		this.jdbc.sql("UPDATE wizard_items SET finished_at = ?, updated_at = finished_at WHERE company_id = ? "
				+ "AND state = 'SUCCEEDED'")
			.params(Timestamp.from(Instant.parse("2026-11-02T03:00:00Z")), company.id())
			.update();
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		String firstOfNovember = "/companies/" + company.id() + "/report?tab=SUCCEEDED&from=2026-11-01&to=2026-11-01";
		assertThat(admin.open(firstOfNovember).body()).contains("0 item(s)");
		String perDay = "/api/companies/" + company.id() + "/syncs/per-day?from=2026-10-25T00:00:00Z";
		assertThat(api().get().uri(perDay).retrieve().body(String.class)).contains("\"day\":\"2026-11-02\"")
			.doesNotContain("2026-11-01");

		admin.open("/companies/" + company.id());
		admin.post("/companies/" + company.id(), true, "name", "Western Trees", "companyFile", "", "runEveryMinutes",
				"60", "timeZone", "America/Los_Angeles");
		assertThat(admin.open(firstOfNovember).body()).contains("1 item(s)").contains("Late Evening Customer")
			.contains("2026-11-01 19:00 PST");
		// the chart's days are the company's days too
		assertThat(api().get().uri(perDay).retrieve().body(String.class))
			.contains("{\"day\":\"2026-11-01\",\"succeeded\":1,\"failed\":0}")
			.doesNotContain("2026-11-02");
	}

	@Test
	void theHeaderTellsTheConnectorsTroubleInTheCompanysTimeZone() {
		TestCompany company = TestCompanies.create(api(), "Eastern Closed Books");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		io.qbsync.sandbox.FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Waiting Customer\"}");
		steps.scanAndApproveAll(company);
		books.notRunning();
		steps.session(company, books);
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		admin.open("/companies/" + company.id());
		admin.post("/companies/" + company.id(), true, "name", "Eastern Closed Books", "companyFile", "",
				"runEveryMinutes", "60", "timeZone", "America/New_York");

		String page = admin.open("/companies/" + company.id() + "/report?tab=PENDING").body();
		String header = page.substring(page.indexOf("<header"), page.indexOf("</header>"));
		assertThat(header).containsPattern("QuickBooks could not be opened at \\d\\d:\\d\\d E[SD]T on ")
			.containsPattern("<strong title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d E[SD]T\">")
			.doesNotContain("UTC");
		assertThat(page.substring(page.indexOf("id=\"pending-why\""))).containsPattern("opened at \\d\\d:\\d\\d E[SD]T on ");
		assertThat(admin.open("/companies/" + company.id()).body()).doesNotContain("UTC on");
	}

	@Test
	void timesAreInTheCompanysTimeZoneOnceItHasOneAndSayUtcBefore() {
		TestCompany company = TestCompanies.create(api(), "Eastern Lawns");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Zone Customer\"}");
		steps.scan(company);
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		String jobs = "/companies/" + company.id() + "/jobs";

		Matcher utc = Pattern.compile("<td>\\d{4}-\\d\\d-\\d\\d (\\d\\d:\\d\\d) UTC</td>").matcher(admin.open(jobs).body());
		assertThat(utc.find()).as("a start time in UTC").isTrue();

		admin.open("/companies/" + company.id());
		admin.post("/companies/" + company.id(), true, "name", "Eastern Lawns", "companyFile", "", "runEveryMinutes",
				"60", "timeZone", "America/New_York");
		String page = admin.open("/companies/" + company.id()).body();
		assertThat(page).contains("Saved.").contains("value=\"America/New_York\"");
		String zoned = admin.open(jobs).body();
		Matcher est = Pattern.compile("<td>\\d{4}-\\d\\d-\\d\\d (\\d\\d:\\d\\d) E[SD]T</td>").matcher(zoned);
		assertThat(est.find()).as("a start time in New York's zone").isTrue();
		assertThat(zoned).doesNotContainPattern("\\d\\d:\\d\\d UTC</td>");
		int offset = zoned.contains(" EDT</td>") ? 4 : 5;
		assertThat(LocalTime.parse(est.group(1))).isEqualTo(LocalTime.parse(utc.group(1)).minusHours(offset));

		admin.post("/companies/" + company.id(), true, "name", "Eastern Lawns", "companyFile", "", "runEveryMinutes",
				"60", "timeZone", "Mars/Olympus_Mons");
		assertThat(admin.open("/companies/" + company.id()).body()).contains("must be a time zone name")
			.contains("value=\"America/New_York\"");
	}

	@Test
	void aRefusedSaveLeavesTheTimeZoneAsItWas() {
		TestCompany company = TestCompanies.create(api(), "Northern Hedges");
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		admin.open("/companies/" + company.id());
		admin.post("/companies/" + company.id(), true, "name", "Northern Hedges", "companyFile", "", "runEveryMinutes",
				"0", "timeZone", "America/Chicago");
		assertThat(admin.open("/companies/" + company.id()).body()).contains("between 1 and 1440");
		assertThat(this.jdbc.sql("SELECT time_zone FROM companies WHERE id = ?").param(company.id())
			.query(String.class)
			.optional()).isEmpty();
	}

}
