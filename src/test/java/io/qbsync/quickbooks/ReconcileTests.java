package io.qbsync.quickbooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.SyncState;
import io.qbsync.support.ImportEnabled;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The nightly reconciliation: every link is looked up in QuickBooks, and one pointing at nothing is flagged. */
@ImportEnabled
class ReconcileTests extends IntegrationTest {

	@Autowired
	LinkChecks checks;

	@Autowired
	SingleOpsRecords records;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier("reconcileAllCompaniesJob")
	Job reconcile;

	@Test
	void aLinkToAnObjectQuickBooksNoLongerHasIsFlaggedBeforeExportsGo() {
		TestCompany company = TestCompanies.create(api(), "Reconcile");
		FakeQuickBooks books = FakeQuickBooks.builder().fileId(company.fileId()).ownerId(company.ownerId()).build();
		QbNode kept = books.seed("Customer", "<Name>Still There</Name>");
		put(company, "K-1", "Still There");
		link(company, "K-1", kept.text("ListID"), kept.text("EditSequence"));
		put(company, "G-1", "Gone From QuickBooks");
		link(company, "G-1", "80000099-1700000000", "1700000000");
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "an-export"));

		assertThat(this.checks.requestAll(company.id(), Instant.now())).isEqualTo(2);
		Transcript run = new WebConnectorRunner(new WebConnectorClient(endpoint()), books).run(company.username(),
				company.password());

		assertThat(run.endReason()).as(run.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(run.requests().get(0)).contains("<ListID>80000099-1700000000</ListID>")
			.contains("<ListID>" + kept.text("ListID") + "</ListID>");
		assertThat(run.requests().get(1)).contains("an-export");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM quickbooks_link_checks WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single()).isZero();

		api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
		List<Map<String, Object>> imports = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("import");
		assertThat(imports).singleElement().satisfies((item) -> {
			assertThat(item).containsEntry("action", "DELETED_IN_QUICKBOOKS").containsEntry("externalId", "G-1");
		});
	}

	@Test
	void theNightlyJobAsksForEveryLinkAndRescans() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Nightly");
		put(company, "N-1", "Nightly Customer");
		link(company, "N-1", "80000098-1700000000", "1");

		var execution = this.jobOperator.startNextInstance(this.reconcile);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.sql("SELECT qb_id FROM quickbooks_link_checks WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.list()).containsExactly("80000098-1700000000");
	}

	@Autowired
	@Qualifier("scanAllCompaniesJob")
	Job scanAll;

	@Test
	void theHourlyJobScansEveryCompany() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Hourly");
		put(company, "H-1", "Hourly Customer");

		var execution = this.jobOperator.startNextInstance(this.scanAll);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN'")
			.param(company.id())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private void put(TestCompany company, String externalId, String name) {
		api().put()
			.uri(URI.create(baseUri() + "/api/companies/" + company.id() + "/records/customers/" + externalId))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"" + name + "\"}")
			.retrieve()
			.toBodilessEntity();
	}

	private void link(TestCompany company, String externalId, String qbId, String editSequence) {
		long id = this.records.find(company.id(), RecordType.CUSTOMERS, externalId).orElseThrow().id();
		this.records.setQuickBooksLink(company.id(), id,
				new QuickBooksLink(qbId, editSequence, Instant.now(), SyncState.SYNCED));
	}

}
