package io.qbsync.metrics;

import java.util.List;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters and timers in {@code /actuator/prometheus} after a scripted sync (see {@link ScriptedSync}). They are
 * compared with a scrape taken before the sync, since the server's context is shared with other tests.
 */
class SyncMetricsTests extends IntegrationTest {

	@Test
	void aScriptedSyncShowsInTheCountersAndTimers() {
		Scrape before = scrape();

		ScriptedSync.run(api(), endpoint(), "Metrics Counters");

		Scrape after = scrape();
		String sent = "qbsync_quickbooks_requests_sent_total";
		String succeeded = "qbsync_quickbooks_requests_succeeded_total";
		String failed = "qbsync_quickbooks_requests_failed_total";
		assertThat(increase(before, after, sent, "type", "CustomerAdd")).isEqualTo(ScriptedSync.ADDS_SENT);
		assertThat(increase(before, after, succeeded, "type", "CustomerAdd", "code", "0"))
			.isEqualTo(ScriptedSync.ADDS_SUCCEEDED);
		assertThat(increase(before, after, succeeded, "type", "CustomerAdd")).isEqualTo(ScriptedSync.ADDS_SUCCEEDED);
		assertThat(increase(before, after, failed, "type", "CustomerAdd", "code", ScriptedSync.FORCED_CODE))
			.isEqualTo(1);
		assertThat(increase(before, after, failed, "type", "CustomerAdd")).isEqualTo(1);
		// nothing but the three Adds went to QuickBooks
		assertThat(increase(before, after, sent)).isEqualTo(ScriptedSync.ADDS_SENT);

		// one session: each of its calls timed once, and answered without a fault
		String calls = "qbsync_webconnector_calls_seconds_count";
		for (String operation : List.of("authenticate", "sendRequestXML", "receiveResponseXML", "closeConnection")) {
			assertThat(increase(before, after, calls, "operation", operation, "outcome", "ok")).as(operation)
				.isEqualTo(1);
		}
		assertThat(increase(before, after, calls, "outcome", "fault")).isZero();
		assertThat(after.sum("qbsync_webconnector_calls_seconds_sum", "operation", "sendRequestXML"))
			.isGreaterThan(before.sum("qbsync_webconnector_calls_seconds_sum", "operation", "sendRequestXML"));
		assertThat(increase(before, after, "qbsync_webconnector_calls_seconds_bucket", "operation", "authenticate",
				"le", "+Inf")).isEqualTo(1);

		// three scans; the release before the session and the one after the second approval
		assertThat(increase(before, after, "qbsync_jobs_seconds_count", "job", "scan-changes", "status", "COMPLETED"))
			.isEqualTo(3);
		assertThat(increase(before, after, "qbsync_jobs_seconds_count", "job", "release-approved-changes", "status",
				"COMPLETED")).isPositive();
		assertThat(increase(before, after, "qbsync_jobs_seconds_count", "status", "FAILED")).isZero();

		// the session settled what ended unanswered before it (nothing) as it opened, and the one answer it got
		assertThat(increase(before, after, "qbsync_delivery_settle_seconds_count", "kind", "unanswered")).isEqualTo(1);
		assertThat(increase(before, after, "qbsync_delivery_settle_seconds_count", "kind", "answer")).isEqualTo(1);
	}

	@Test
	void aDocumentQuickBooksCouldNotProcessCountsEachOfItsRequestsFailedWithTheHresult() {
		TestCompany company = TestCompanies.create(api(), "Metrics Hresult");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Hazel Way\"}");
		steps.put(company, "customers", "C-2", "{\"name\": \"Rowan Close\"}");
		steps.scanAndApproveAll(company);
		books.failNextDocument("0x80040400", "QuickBooks found an error when parsing the provided XML text stream.");
		Scrape before = scrape();

		steps.session(company, books);

		Scrape after = scrape();
		assertThat(increase(before, after, "qbsync_quickbooks_requests_sent_total", "type", "CustomerAdd"))
			.isEqualTo(2);
		assertThat(increase(before, after, "qbsync_quickbooks_requests_failed_total", "type", "CustomerAdd", "code",
				"0x80040400")).isEqualTo(2);
		assertThat(increase(before, after, "qbsync_quickbooks_requests_succeeded_total")).isZero();
	}

	private Scrape scrape() {
		ResponseEntity<String> scraped = api().get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
		assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
		return Scrape.parse(scraped.getBody());
	}

	private static double increase(Scrape before, Scrape after, String name, String... labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

}
