package io.qbsync.wizard;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.SyncState;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan: both change sets become wizard items, one open item per record and direction. */
class ScanTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SingleOpsRecords records;

	@Autowired
	DataSource dataSource;

	private TestCompany company;

	@BeforeEach
	void company() {
		this.company = TestCompanies.create(api(), "Scan");
	}

	@Test
	void aJournalOfMixedChangesBecomesExactlyTheExpectedExportItems() {
		put("customers", "C-1", "{\"name\": \"Greenleaf Property\", \"email\": \"ap@greenleaf.example\"}");
		put("customers", "C-2", "{\"name\": \"Oak Hill HOA\"}");
		put("customers", "C-2", "{\"name\": \"Oak Hill HOA\", \"phone\": \"919-555-0100\"}");
		put("customers", "C-3", "{\"name\": \"Gone Before Sync\"}");
		delete("customers", "C-3");
		put("customers", "C-4", "{\"name\": \"Green Acres Landscaping and Tree Service of Raleigh\"}");
		put("items", "I-1", "{\"name\": \"Tree Removal\", \"type\": \"SERVICE\", \"rate\": 450, \"incomeAccount\": \"Sales\"}");
		put("invoices", "INV-1", """
				{"number": "1001", "customer": "C-1", "date": "2026-11-26",
				 "lines": [{"item": "I-1", "quantity": 2, "rate": 450}]}""");

		Map<String, Object> run = scan();
		assertThat(run).containsEntry("status", "COMPLETED");

		Map<String, Map<String, Object>> export = byExternalId(section("export"));
		assertThat(export.keySet()).containsExactlyInAnyOrder("C-1", "C-2", "C-4", "I-1", "INV-1");
		assertThat(export.values()).allSatisfy((i) -> {
			assertThat(i).containsEntry("action", "ADD").containsEntry("checked", true);
		});
		assertThat((String) export.get("C-2").get("summary")).isEqualTo("Add customer \"Oak Hill HOA\" to QuickBooks");
		assertThat(changes(export.get("C-2"))).containsEntry("phone", "919-555-0100");
		assertThat(export.get("C-4")).containsEntry("blocked", true);
		assertThat((List<Map<String, Object>>) export.get("C-4").get("problems")).singleElement()
			.satisfies((p) -> assertThat((String) p.get("message")).contains("at most 41"));
		assertThat(export.get("C-1")).containsEntry("blocked", false);
		assertThat(changes(export.get("INV-1"))).containsEntry("number", "1001")
			.containsEntry("customer", "Greenleaf Property");
		assertThat(wizard()).containsEntry("waiting", 5);

		// more changes: the same items refresh in place
		long c1 = ((Number) export.get("C-1").get("id")).longValue();
		put("customers", "C-1", "{\"name\": \"Greenleaf Property Mgmt\", \"email\": \"ap@greenleaf.example\"}");
		scan();
		Map<String, Map<String, Object>> again = byExternalId(section("export"));
		assertThat(again).hasSize(5);
		assertThat(((Number) again.get("C-1").get("id")).longValue()).isEqualTo(c1);
		assertThat(changes(again.get("C-1"))).containsEntry("name", "Greenleaf Property Mgmt");
	}

	@Test
	void readingTheChangeSetsAgainGivesTheSameItems() {
		put("customers", "R-1", "{\"name\": \"Rerun One\"}");
		put("customers", "R-2", "{\"name\": \"Rerun Two\"}");
		put("customers", "R-1", "{\"name\": \"Rerun One Renamed\"}");
		scan();
		List<Map<String, Object>> first = section("export");

		// as if the scan had stopped after its first change and started again from there, and from scratch
		this.jdbc.sql("UPDATE wizard_scan_cursors SET singleops_change_id = (SELECT MIN(id) FROM singleops_changes WHERE company_id = ?) WHERE company_id = ?")
			.params(this.company.id(), this.company.id())
			.update();
		scan();
		assertThat(section("export")).isEqualTo(first);
		this.jdbc.sql("UPDATE wizard_scan_cursors SET singleops_change_id = 0 WHERE company_id = ?")
			.param(this.company.id())
			.update();
		scan();
		assertThat(section("export")).isEqualTo(first);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ?")
			.param(this.company.id())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void quickBooksChangesBecomeImportItems() {
		put("customers", "L-1", "{\"name\": \"Linked Customer\"}");
		link("customers", "L-1", "80000001-1", "100");
		quickBooks("Customer", "80000002-1", "200", false, "New In QuickBooks", "{\"Name\": \"New In QuickBooks\"}");
		quickBooks("Customer", "80000001-1", "100", false, "Linked Customer", "{\"Name\": \"Linked Customer\"}");
		quickBooks("Customer", "80000001-1", "101", false, "Linked Customer Inc",
				"{\"Name\": \"Linked Customer Inc\", \"Phone\": \"919-555-0199\"}");
		quickBooks("Customer", "80000003-1", "deleted:x", true, "Never Linked", null);
		scan();

		Map<String, Map<String, Object>> imports = section("import").stream()
			.collect(Collectors.toMap((i) -> (String) i.get("qbId"), (i) -> i));
		assertThat(imports.keySet()).containsExactlyInAnyOrder("80000002-1", "80000001-1");
		assertThat(imports.get("80000002-1")).containsEntry("action", "NEW_IN_QUICKBOOKS");
		assertThat(imports.get("80000001-1")).containsEntry("action", "CHANGED_IN_QUICKBOOKS")
			.containsEntry("externalId", "L-1");
		assertThat(changes(imports.get("80000001-1"))).containsEntry("name", "Linked Customer Inc")
			.containsEntry("phone", "919-555-0199");

		quickBooks("Customer", "80000001-1", "deleted:y", true, "Linked Customer Inc", null);
		scan();
		assertThat(byQbId(section("import")).get("80000001-1")).containsEntry("action", "DELETED_IN_QUICKBOOKS");
	}

	@Test
	void aRecordChangedOnBothSidesIsOneConflict() {
		put("customers", "B-1", "{\"name\": \"Both Sides\"}");
		link("customers", "B-1", "80000009-1", "500");
		quickBooks("Customer", "80000009-1", "500", false, "Both Sides", "{\"Name\": \"Both Sides\"}");
		scan();
		assertThat(section("export")).isEmpty();

		put("customers", "B-1", "{\"name\": \"Both Sides\", \"phone\": \"919-555-0001\"}");
		quickBooks("Customer", "80000009-1", "501", false, "Both Sides", "{\"Name\": \"Both Sides\", \"Email\": \"qb@example.test\"}");
		scan();

		assertThat(section("import")).isEmpty();
		assertThat(section("export")).singleElement().satisfies((item) -> {
			assertThat(item).containsEntry("action", "CONFLICT").containsEntry("needsReview", true);
			// QuickBooks' new e-mail is no difference: the app carries none, so it stays whichever side is kept
			assertThat((List<Map<String, Object>>) item.get("changes")).extracting((c) -> c.get("field"))
				.containsExactlyInAnyOrder("phone");
		});

		// a further edit in the field-service app keeps it a conflict, never a plain update over QuickBooks' change
		put("customers", "B-1", "{\"name\": \"Both Sides\", \"phone\": \"919-555-0002\"}");
		scan();
		assertThat(section("export")).singleElement()
			.satisfies((item) -> assertThat(item).containsEntry("action", "CONFLICT").containsEntry("needsReview", true));
	}

	@Test
	void aMatchingQuickBooksRecordIsLinkedNotAddedAgain() {
		quickBooks("Customer", "80000021-1", "1", false, "Sunrise Lawn Care", "{\"Name\": \"Sunrise Lawn Care\"}");
		quickBooks("Customer", "80000022-1", "1", false, "J. Doe", "{\"Name\": \"J. Doe\", \"Email\": \"jdoe@example.test\"}");
		put("customers", "M-1", "{\"name\": \"sunrise  lawn care\"}");
		put("customers", "M-2", "{\"name\": \"Jane Doe\", \"email\": \"JDoe@example.test\"}");
		put("customers", "M-3", "{\"name\": \"Nobody Like Me\"}");
		api().put().uri("/api/companies/{id}/directions", this.company.id()).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("Customer", Map.of("import", false))).retrieve().toBodilessEntity();
		scan();

		Map<String, Map<String, Object>> export = byExternalId(section("export"));
		assertThat(export.get("M-1")).containsEntry("action", "LINK").containsEntry("qbId", "80000021-1")
			.containsEntry("needsReview", false);
		assertThat(export.get("M-2")).containsEntry("action", "LINK").containsEntry("qbId", "80000022-1")
			.containsEntry("needsReview", true);
		assertThat((String) export.get("M-2").get("candidate")).contains("WEAK");
		assertThat(export.get("M-3")).containsEntry("action", "ADD");
		assertThat(section("import")).isEmpty();
	}

	@Test
	void aCompanyThatDoesNotExportATypeGetsNoItemsForIt() {
		api().put().uri("/api/companies/{id}/directions", this.company.id()).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("Vendor", Map.of("export", false))).retrieve().toBodilessEntity();
		put("vendors", "V-1", "{\"name\": \"Mulch Supply Co\"}");
		put("customers", "K-1", "{\"name\": \"Kept\"}");
		scan();
		assertThat(byExternalId(section("export")).keySet()).containsExactly("K-1");
	}

	@Test
	void aSecondScanOfTheSameCompanyIsRefusedWhileOneRuns() throws Exception {
		// a running scan holds the company's named lock, on any node
		try (Connection running = this.dataSource.getConnection();
				PreparedStatement lock = running.prepareStatement(
						"SELECT GET_LOCK(CONCAT(DATABASE(), '.scan.', ?), 0)")) {
			lock.setLong(1, this.company.id());
			try (ResultSet locked = lock.executeQuery()) {
				assertThat(locked.next() && locked.getInt(1) == 1).isTrue();
			}
			ResponseEntity<Map> refused = api().post().uri("/api/companies/{id}/scans", this.company.id()).retrieve()
				.toEntity(Map.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat((String) refused.getBody().get("detail")).contains("already running");
			// the scan ends: closing a pooled connection keeps its session, and with it the lock, alive
			try (PreparedStatement unlock = running.prepareStatement("DO RELEASE_LOCK(CONCAT(DATABASE(), '.scan.', ?))")) {
				unlock.setLong(1, this.company.id());
				unlock.execute();
			}
		}
		put("customers", "K-1", "{\"name\": \"After the lock\"}");
		assertThat(byExternalId(section("export"))).isEmpty();
		scan();
		assertThat(byExternalId(section("export")).keySet()).containsExactly("K-1");
	}

	@Test
	void aClaimLeftByANodeThatDiedMidScanIsTakenOverAtOnce() {
		// the node claimed the company's row and died: its connection, and with it its lock, is gone
		this.jdbc.sql("INSERT IGNORE INTO wizard_scan_cursors (company_id) VALUES (?)").param(this.company.id()).update();
		this.jdbc.sql("UPDATE wizard_scan_cursors SET running_since = ? WHERE company_id = ?")
			.params(Timestamp.from(Instant.now()), this.company.id())
			.update();
		put("customers", "K-1", "{\"name\": \"Waited for no one\"}");
		scan();
		assertThat(byExternalId(section("export")).keySet()).containsExactly("K-1");
		assertThat(this.jdbc.sql("SELECT running_since IS NULL FROM wizard_scan_cursors WHERE company_id = ?")
			.param(this.company.id())
			.query(Boolean.class)
			.single()).as("the claim is given up when the scan ends").isTrue();
	}

	private Map<String, Object> scan() {
		ResponseEntity<Map> response = api().post().uri("/api/companies/{id}/scans", this.company.id()).retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private Map<String, Object> wizard() {
		return api().get().uri("/api/companies/{id}/wizard", this.company.id()).retrieve().body(Map.class);
	}

	private List<Map<String, Object>> section(String name) {
		return (List<Map<String, Object>>) wizard().get(name);
	}

	private static Map<String, Map<String, Object>> byExternalId(List<Map<String, Object>> items) {
		return items.stream().collect(Collectors.toMap((i) -> (String) i.get("externalId"), (i) -> i));
	}

	private static Map<String, Map<String, Object>> byQbId(List<Map<String, Object>> items) {
		return items.stream().collect(Collectors.toMap((i) -> (String) i.get("qbId"), (i) -> i));
	}

	/** field -> after */
	private static Map<String, Object> changes(Map<String, Object> item) {
		return ((List<Map<String, Object>>) item.get("changes")).stream()
			.filter((c) -> c.get("after") != null)
			.collect(Collectors.toMap((c) -> (String) c.get("field"), (c) -> c.get("after")));
	}

	private void put(String type, String externalId, String json) {
		ResponseEntity<Map> response = api().put()
			.uri(URI.create(baseUri() + "/api/companies/" + this.company.id() + "/records/" + type + "/" + externalId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
	}

	private void delete(String type, String externalId) {
		api().delete()
			.uri(URI.create(baseUri() + "/api/companies/" + this.company.id() + "/records/" + type + "/" + externalId))
			.retrieve()
			.toBodilessEntity();
	}

	private void link(String type, String externalId, String qbId, String editSequence) {
		long id = this.records.find(this.company.id(), RecordType.fromPath(type).orElseThrow(), externalId)
			.orElseThrow()
			.id();
		this.records.setQuickBooksLink(this.company.id(), id,
				new QuickBooksLink(qbId, editSequence, Instant.now(), SyncState.SYNCED));
	}

	private void quickBooks(String type, String qbId, String editSequence, boolean deleted, String name,
			String fields) {
		this.jdbc.sql("""
				INSERT INTO quickbooks_changes (company_id, object_type, qb_id, edit_sequence, deleted, display_name,
					time_modified, data, document_id, received_at)
				VALUES (?, ?, ?, ?, ?, ?, '2026-11-26T09:00:00-05:00', ?, 0, ?)
				""")
			.params(this.company.id(), type, qbId, editSequence, deleted, name,
					(fields != null) ? "{\"fields\": " + fields + ", \"lines\": []}" : null, Timestamp.from(Instant.now()))
			.update();
	}

}
