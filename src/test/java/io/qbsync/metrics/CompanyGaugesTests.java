package io.qbsync.metrics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per company gauges in {@code /actuator/prometheus} after a scripted sync (see {@link ScriptedSync}), read again
 * by {@link CompanyGauges#refresh()} as its timer would.
 */
class CompanyGaugesTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CompanyGauges gauges;

	@Test
	void aScriptedSyncShowsInTheCompanyGauges() {
		TestCompany company = ScriptedSync.run(api(), endpoint(), "Metrics Gauges");
		Instant now = Instant.now();
		// as if the Web Connector last came 3 hours ago, and the pending item was approved 2 hours ago
		this.jdbc.sql("UPDATE companies SET last_check_in_at = ? WHERE id = ?")
			.params(Timestamp.from(now.minus(Duration.ofHours(3))), company.id())
			.update();
		assertThat(this.jdbc.sql("UPDATE wizard_items SET decided_at = ? WHERE company_id = ? AND state IN "
				+ "('APPROVED', 'PENDING')")
			.params(Timestamp.from(now.minus(Duration.ofHours(2))), company.id())
			.update()).isEqualTo(1);

		this.gauges.refresh();
		Scrape scrape = scrape();

		String id = Long.toString(company.id());
		assertThat(gauge(scrape, "qbsync_company_wizard_items", id)).isEqualTo(1);
		assertThat(gauge(scrape, "qbsync_company_pending_items", id)).isEqualTo(1);
		assertThat(gauge(scrape, "qbsync_company_failed_items", id)).isEqualTo(1);
		assertThat(gauge(scrape, "qbsync_company_last_checkin_age_seconds", id)).isCloseTo(3 * 3600, within(600.0));
		assertThat(gauge(scrape, "qbsync_company_oldest_pending_age_seconds", id)).isCloseTo(2 * 3600, within(600.0));
		assertThat(scrape.find("qbsync_company_info", "company", id)).hasValueSatisfying((info) -> {
			assertThat(info.labels()).containsEntry("company_name", "Metrics Gauges");
			assertThat(info.value()).isEqualTo(1);
		});
		// the same numbers the pages show
		Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve()
			.body(Map.class);
		assertThat((List<?>) wizard.get("export")).hasSize(1);
		assertThat(api().get().uri("/api/companies/{id}/syncs?state=PENDING", company.id()).retrieve().body(Map.class))
			.containsEntry("total", 1);
		assertThat(api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve().body(List.class))
			.hasSize(1);
	}

	@Test
	void aResyncedItemIsPendingSinceItsResyncNotSinceItsFirstApproval() {
		TestCompany company = ScriptedSync.run(api(), endpoint(), "Metrics Resync");
		Instant now = Instant.now();
		this.jdbc.sql("UPDATE wizard_items SET decided_at = ? WHERE company_id = ? AND direction = 'EXPORT'")
			.params(Timestamp.from(now.minus(Duration.ofHours(5))), company.id())
			.update();
		this.jdbc.sql("UPDATE wizard_items SET decided_at = ? WHERE company_id = ? AND state IN ('APPROVED', 'PENDING')")
			.params(Timestamp.from(now.minus(Duration.ofHours(2))), company.id())
			.update();
		long failed = this.jdbc.sql("SELECT id FROM wizard_items WHERE company_id = ? AND state = 'FAILED'")
			.param(company.id())
			.query(Long.class)
			.single();

		Map<String, Object> resynced = api().post()
			.uri("/api/companies/{id}/unsynced/{item}/resync", company.id(), failed)
			.retrieve()
			.body(Map.class);
		assertThat(resynced).containsEntry("outcome", "RELEASED");
		this.gauges.refresh();

		Scrape scrape = scrape();
		String id = Long.toString(company.id());
		assertThat(gauge(scrape, "qbsync_company_pending_items", id)).isEqualTo(2);
		assertThat(gauge(scrape, "qbsync_company_failed_items", id)).isZero();
		// approved 5 hours ago, but pending again only since the resync: the oldest is the one approved 2 hours ago
		assertThat(gauge(scrape, "qbsync_company_oldest_pending_age_seconds", id)).isCloseTo(2 * 3600, within(600.0));
	}

	@Test
	void aCompanyWithNoPendingItemHasNoAgeToReportAndNoCheckInYet() {
		TestCompany quiet = TestCompanies.create(api(), "Metrics Quiet");
		this.gauges.refresh();
		Scrape scrape = scrape();
		String id = Long.toString(quiet.id());
		assertThat(gauge(scrape, "qbsync_company_pending_items", id)).isZero();
		assertThat(gauge(scrape, "qbsync_company_oldest_pending_age_seconds", id)).isZero();
		assertThat(scrape.find("qbsync_company_last_checkin_age_seconds", "company", id)).isEmpty();
	}

	@Test
	void aDeletedCompanyLeavesTheMetricsAndARenamedOneKeepsOneName() {
		TestCompany gone = TestCompanies.create(api(), "Metrics Gone");
		TestCompany kept = TestCompanies.create(api(), "Metrics Kept");
		this.gauges.refresh();
		String goneId = Long.toString(gone.id());
		assertThat(scrape().all("qbsync_company_pending_items", "company", goneId)).hasSize(1);

		for (String table : List.of("company_sync_directions", "wizard_scan_cursors", "quickbooks_import_cursors",
				"admin_user_companies")) {
			this.jdbc.sql("DELETE FROM " + table + " WHERE company_id = ?").param(gone.id()).update();
		}
		assertThat(this.jdbc.sql("DELETE FROM companies WHERE id = ?").param(gone.id()).update()).isEqualTo(1);
		this.jdbc.sql("UPDATE companies SET name = 'Metrics Kept Renamed' WHERE id = ?").param(kept.id()).update();
		this.gauges.refresh();

		Scrape scrape = scrape();
		assertThat(scrape.samples()).noneMatch((s) -> goneId.equals(s.labels().get("company")));
		assertThat(scrape.all("qbsync_company_pending_items", "company", Long.toString(kept.id()))).hasSize(1);
		assertThat(scrape.all("qbsync_company_info", "company", Long.toString(kept.id()))).singleElement()
			.satisfies((info) -> assertThat(info.labels()).containsEntry("company_name", "Metrics Kept Renamed"));
	}

	private Scrape scrape() {
		ResponseEntity<String> scraped = api().get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
		assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
		return Scrape.parse(scraped.getBody());
	}

	private static double gauge(Scrape scrape, String name, String company) {
		return scrape.find(name, "company", company)
			.orElseThrow(() -> new AssertionError("No " + name + " for company " + company))
			.value();
	}

}
