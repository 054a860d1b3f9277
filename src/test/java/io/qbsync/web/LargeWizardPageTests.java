package io.qbsync.web;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wizard with 5,000 items stays usable: each section shows a page of 200 with a pager, and Approve Checked on one
 * page decides only that page. How long the pages take is printed (measured, not asserted).
 */
class LargeWizardPageTests extends IntegrationTest {

	static final int N = 5000;

	@Test
	void fiveThousandItemsArePagedAndApprovingAPageDecidesOnlyThatPage() {
		TestCompany company = TestCompanies.create(api(), "Large Wizard");
		StringBuilder ndjson = new StringBuilder();
		for (int i = 1; i <= N; i++) {
			ndjson.append("{\"type\":\"customers\",\"externalId\":\"C-").append(i)
				.append("\",\"record\":{\"name\":\"Large Customer ").append(i).append("\"}}\n");
		}
		api().post()
			.uri("/api/companies/{id}/records:bulk", company.id())
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(ndjson.toString())
			.retrieve()
			.toBodilessEntity();
		api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		String wizard = "/companies/" + company.id() + "/wizard";
		browser.open(wizard);

		long[] millis = new long[5];
		HttpResponse<String> page = null;
		for (int i = 0; i < millis.length; i++) {
			long t0 = System.nanoTime();
			page = browser.get(wizard + "?exportPage=" + (i * 5));
			millis[i] = (System.nanoTime() - t0) / 1_000_000;
			assertThat(page.statusCode()).isEqualTo(200);
		}
		long reportStart = System.nanoTime();
		assertThat(browser.get("/companies/" + company.id() + "/report?tab=PENDING").statusCode()).isEqualTo(200);
		long reportMillis = (System.nanoTime() - reportStart) / 1_000_000;
		System.out.printf(Locale.ROOT, "Wizard page with %d items waiting (200 rows a page): %s ms; report: %d ms; "
				+ "page size %d KB%n", N, java.util.Arrays.toString(millis), reportMillis, page.body().length() / 1024);

		page = browser.get(wizard);
		assertThat(count(page.body(), "name=\"checked\"")).isEqualTo(200);
		assertThat(page.body()).contains("Page 1 of 25").contains("5000 waiting");
		assertThat(page.body()).containsPattern("class=\"badge[^\"]*\">5000<");

		// a search is paged on the server, and the pager keeps it: "Large Customer 1", 10-19, 100-199, 1000-1999
		String found = browser.get(wizard + "?q=Large+Customer+1&problems=false").body();
		assertThat(count(found, "name=\"checked\"")).isEqualTo(200);
		assertThat(found).contains("Page 1 of 6", "Showing 1111 of the 5000 items waiting")
			.contains("exportPage=1&amp;importPage=0&amp;q=Large%20Customer%201&amp;problems=false");
		browser.get(wizard);

		// Approve Checked with Clear Unchecked on page 1 (199 checked, 1 unchecked) leaves the other 4,800 alone
		Matcher first = Pattern.compile("name=\"shown\" value=\"(\\d+)\"")
			.matcher(page.body());
		java.util.List<String> form = new java.util.ArrayList<>();
		java.util.List<String> shown = new java.util.ArrayList<>();
		while (first.find()) {
			shown.add(first.group(1));
		}
		for (String id : shown) {
			form.add("shown");
			form.add(id);
		}
		for (String id : shown.subList(1, shown.size())) {
			form.add("checked");
			form.add(id);
		}
		form.add("unchecked");
		form.add("CLEAR");
		HttpResponse<String> approved = browser.post(wizard + "/approve", true, form.toArray(new String[0]));
		assertThat(approved.statusCode()).isEqualTo(302);
		assertThat(browser.open(wizard).body()).contains("4800 waiting");
	}

	private static int count(String text, String needle) {
		int n = 0;
		for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
			n++;
		}
		return n;
	}

}
