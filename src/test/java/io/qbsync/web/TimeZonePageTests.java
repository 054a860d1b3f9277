package io.qbsync.web;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Times are shown in the company's time zone when it has one, and say UTC when it has none. */
class TimeZonePageTests extends IntegrationTest {

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

}
