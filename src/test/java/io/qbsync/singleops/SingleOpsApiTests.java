package io.qbsync.singleops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings({ "unchecked", "rawtypes" })
class SingleOpsApiTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SingleOpsRecords records;

	long company;

	@BeforeEach
	void company() {
		this.company = TestCompanies.create(api(), "Records").id();
	}

	@Test
	void customersAreCreatedUpdatedLeftAloneWhenUnchangedAndDeleted() {
		ResponseEntity<Map> created = put("customers", "C-1", """
				{"name": "Ann Lee", "companyName": "Lee Landscaping", "firstName": "Ann", "lastName": "Lee",
				 "email": "ann@example.com", "phone": "555-0100", "active": true,
				 "billingAddress": {"line1": "1 Oak St", "line2": "Suite 2", "city": "Austin", "state": "TX",
				                    "postalCode": "78701", "country": "US"}}
				""");
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getHeaders().getLocation()).hasPath("/api/companies/" + this.company + "/records/customers/C-1");
		assertThat(created.getBody()).containsEntry("changed", true)
			.containsEntry("type", "customers")
			.containsEntry("externalId", "C-1")
			.containsEntry("version", 1)
			.containsEntry("deleted", false);
		assertThat((Map) created.getBody().get("record")).containsEntry("name", "Ann Lee")
			.containsEntry("billingAddress", Map.of("line1", "1 Oak St", "line2", "Suite 2", "city", "Austin", "state",
					"TX", "postalCode", "78701", "country", "US"));
		assertThat(journal()).extracting((c) -> c.get("change_kind") + " v" + c.get("version"))
			.containsExactly("UPSERT v1");

		ResponseEntity<Map> unchanged = put("customers", "C-1", """
				{"billingAddress": {"city": "Austin", "line1": "1 Oak St", "line2": "Suite 2", "state": "TX",
				                    "postalCode": "78701", "country": "US"},
				 "name": "Ann Lee", "companyName": "Lee Landscaping", "firstName": "Ann", "lastName": "Lee",
				 "email": "ann@example.com", "phone": "555-0100", "active": true, "notes": ""}
				""");
		assertThat(unchanged.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(unchanged.getBody()).containsEntry("changed", false).containsEntry("version", 1);
		assertThat(journal()).hasSize(1);

		ResponseEntity<Map> updated = put("customers", "C-1", """
				{"name": "Ann Lee-Park", "active": false}
				""");
		assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(updated.getBody()).containsEntry("changed", true).containsEntry("version", 2);
		assertThat((Map) updated.getBody().get("record")).isEqualTo(Map.of("name", "Ann Lee-Park", "active", false));

		ResponseEntity<Map> deleted = api().delete().uri(path("customers", "C-1")).retrieve().toEntity(Map.class);
		assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(deleted.getBody()).containsEntry("changed", true).containsEntry("deleted", true)
			.containsEntry("version", 3);
		ResponseEntity<Map> again = api().delete().uri(path("customers", "C-1")).retrieve().toEntity(Map.class);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(again.getBody()).containsEntry("changed", false).containsEntry("version", 3);

		List<Map<String, Object>> journal = journal();
		assertThat(journal).extracting((c) -> c.get("change_kind") + " v" + c.get("version"))
			.containsExactly("UPSERT v1", "UPSERT v2", "DELETE v3");
		assertThat(journal.get(1).get("data")).isEqualTo("{\"name\":\"Ann Lee-Park\",\"active\":false}");
		assertThat(journal.get(2).get("data")).isNull();
		assertThat(journal).allSatisfy((c) -> assertThat(c).containsEntry("external_id", "C-1")
			.containsEntry("record_type", "CUSTOMERS"));

		Map<String, Object> read = get("customers", "C-1").getBody();
		assertThat(read).containsEntry("deleted", true).containsEntry("version", 3).doesNotContainKey("changed");
		assertThat((Map) read.get("quickBooks")).containsEntry("syncState", "NEVER_SYNCED").containsEntry("id", null);

		ResponseEntity<Map> restored = put("customers", "C-1", "{\"name\": \"Ann Lee-Park\", \"active\": false}");
		assertThat(restored.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(restored.getBody()).containsEntry("changed", true).containsEntry("deleted", false)
			.containsEntry("version", 4);
		assertThat(journal()).hasSize(4);
	}

	@Test
	void vendorsItemsInvoicesAndPaymentsRoundTrip() {
		assertThat(put("vendors", "V-1", """
				{"name": "Stump Grinders Inc", "email": "ops@stumps.example", "billingAddress": {"city": "Dallas"}}
				""").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(put("vendors", "V-1", "{\"name\": \"Stump Grinders LLC\"}").getBody()).containsEntry("version", 2);
		assertThat(put("customers", "C-1", "{\"name\": \"Ann Lee\"}").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(put("items", "MOW", """
				{"name": "Mowing", "type": "SERVICE", "description": "Weekly mowing", "rate": 45, "incomeAccount": "Lawn Care"}
				""").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(put("items", "MULCH", """
				{"name": "Mulch", "type": "NON_INVENTORY", "rate": "3.25"}
				""").getStatusCode()).isEqualTo(HttpStatus.CREATED);

		ResponseEntity<Map> invoice = put("invoices", "INV-1", """
				{"number": "1001", "customer": "C-1", "date": "2025-04-30", "dueDate": "2025-05-30", "memo": "April",
				 "lines": [{"item": "MOW", "description": "4 visits", "quantity": 4, "rate": 45},
				           {"item": "MULCH", "quantity": "10.5", "rate": 3.25}, {"description": "Thanks!"}]}
				""");
		assertThat(invoice.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat((Map) invoice.getBody().get("record")).containsEntry("date", "2025-04-30")
			.containsEntry("lines", List.of(Map.of("item", "MOW", "description", "4 visits", "quantity", "4", "rate", "45"),
					Map.of("item", "MULCH", "quantity", "10.5", "rate", "3.25"), Map.of("description", "Thanks!")));
		assertThat(put("invoices", "INV-1", """
				{"number": "1001", "customer": "C-1", "date": "2025-04-30", "dueDate": "2025-05-30", "memo": "April",
				 "lines": [{"item": "MOW", "description": "4 visits", "quantity": "4.000", "rate": "45.00"},
				           {"item": "MULCH", "quantity": 10.50, "rate": "3.25"}, {"description": "Thanks!"}]}
				""").getBody()).containsEntry("changed", false);

		ResponseEntity<Map> payment = put("payments", "PAY-1", """
				{"customer": "C-1", "date": "2025-05-02", "amount": 200, "method": "Check", "reference": "4417",
				 "appliedTo": [{"invoice": "INV-1", "amount": "180.00"}]}
				""");
		assertThat(payment.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat((Map) payment.getBody().get("record")).containsEntry("amount", "200.00")
			.containsEntry("appliedTo", List.of(Map.of("invoice", "INV-1", "amount", "180.00")));
		assertThat(put("payments", "PAY-1", """
				{"customer": "C-1", "date": "2025-05-02", "amount": "200.5", "method": "Check", "reference": "4417",
				 "appliedTo": [{"invoice": "INV-1", "amount": "180.00"}]}
				""").getBody()).containsEntry("changed", true).containsEntry("version", 2);

		assertThat(api().delete().uri(path("payments", "PAY-1")).retrieve().toEntity(Map.class).getBody())
			.containsEntry("deleted", true);
		assertThat(api().delete().uri(path("invoices", "INV-1")).retrieve().toEntity(Map.class).getBody())
			.containsEntry("deleted", true);
		assertThat(api().delete().uri(path("items", "MULCH")).retrieve().toEntity(Map.class).getBody())
			.containsEntry("deleted", true);
		assertThat(api().delete().uri(path("vendors", "V-1")).retrieve().toEntity(Map.class).getBody())
			.containsEntry("deleted", true);

		assertThat(journal()).extracting((c) -> c.get("record_type") + " " + c.get("change_kind") + " v" + c.get("version"))
			.containsExactly("VENDORS UPSERT v1", "VENDORS UPSERT v2", "CUSTOMERS UPSERT v1", "ITEMS UPSERT v1",
					"ITEMS UPSERT v1", "INVOICES UPSERT v1", "PAYMENTS UPSERT v1", "PAYMENTS UPSERT v2",
					"PAYMENTS DELETE v3", "INVOICES DELETE v2", "ITEMS DELETE v2", "VENDORS DELETE v3");
	}

	@Test
	void aBadBodyGetsEveryProblemListedAndWritesNothing() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		long records = countRecords();
		long changes = journal().size();

		ResponseEntity<Map> customer = put("customers", "C-2", """
				{"name": " ", "emial": "typo@example.com", "active": "yes", "billingAddress": {"zip": "78701", "city": 5}}
				""");
		assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(fields(customer)).containsExactlyInAnyOrder("name", "emial", "active", "billingAddress.zip",
				"billingAddress.city");
		assertThat((String) customer.getBody().get("detail")).contains("fix the fields listed in errors");

		ResponseEntity<Map> item = put("items", "I-1", "{\"rate\": \"12.123456\", \"type\": \"INVENTORY\"}");
		assertThat(fields(item)).containsExactlyInAnyOrder("name", "type", "rate");

		ResponseEntity<Map> invoice = put("invoices", "INV-1", """
				{"customer": "C-1", "date": "tomorrow", "lines": [{"description": "no item"}, {"item": "", "quantity": "x"}],
				 "dueDate": "2025-13-01"}
				""");
		assertThat(invoice.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(fields(invoice)).containsExactlyInAnyOrder("date", "dueDate", "lines", "lines[1]",
				"lines[1].quantity");

		ResponseEntity<Map> empty = put("invoices", "INV-2", "{}");
		assertThat(fields(empty)).containsExactlyInAnyOrder("customer", "date", "lines");

		ResponseEntity<Map> payment = put("payments", "PAY-1", """
				{"customer": "C-1", "amount": -5, "appliedTo": [{"amount": 1}], "date": "2025-05-01"}
				""");
		assertThat(fields(payment)).containsExactlyInAnyOrder("amount", "appliedTo[0].invoice");

		ResponseEntity<Map> badIdAndBody = put("customers", "  padded", "{\"name\": 7}");
		assertThat(fields(badIdAndBody)).containsExactlyInAnyOrder("externalId", "name");

		// body problems and missing references are listed together (400)
		ResponseEntity<Map> mixed = put("invoices", "INV-3", """
				{"customer": "NOPE", "date": "2025-04-30", "lines": [{"item": "GONE", "quantity": "1.1234567"}]}
				""");
		assertThat(mixed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(fields(mixed)).containsExactlyInAnyOrder("customer", "lines[0].item", "lines[0].quantity");

		assertThat(countRecords()).isEqualTo(records);
		assertThat(journal()).hasSize((int) changes);
	}

	@Test
	void malformedJsonAndWrongShapesAreRefused() {
		for (String body : List.of("{\"name\": ", "[1, 2]", "\"Ann\"", "{\"name\": \"a\", \"name\": \"b\"}", "",
				"{\"name\": \"a\"} trailing")) {
			ResponseEntity<Map> response = put("customers", "C-1", body);
			assertThat(response.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(fields(response)).as(body).containsExactly("body");
		}
		ResponseEntity<Map> huge = put("customers", "C-1",
				"{\"name\": \"Ann\", \"notes\": \"" + "x".repeat(SingleOpsService.MAX_RECORD_BYTES) + "\"}");
		assertThat(huge.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		ResponseEntity<Map> notJson = api().put()
			.uri(path("customers", "C-1"))
			.contentType(MediaType.TEXT_PLAIN)
			.body("name=Ann")
			.retrieve()
			.toEntity(Map.class);
		assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(countRecords()).isZero();
	}

	@Test
	void referencesMustNameExistingRecordsOfTheRightType() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		put("vendors", "V-1", "{\"name\": \"Supplier\"}");
		put("items", "MOW", "{\"name\": \"Mowing\", \"type\": \"SERVICE\"}");

		ResponseEntity<Map> invoice = put("invoices", "INV-1", """
				{"customer": "V-1", "date": "2025-04-30", "lines": [{"item": "MOW"}, {"item": "C-1"}, {"item": "TRIM"}]}
				""");
		assertThat(invoice.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		List<Map<String, String>> errors = (List<Map<String, String>>) invoice.getBody().get("errors");
		assertThat(errors).extracting((e) -> e.get("field") + ": " + e.get("message"))
			.containsExactlyInAnyOrder(
					"customer: names customer 'V-1', which does not exist in this company: send that customer first",
					"lines[1].item: names item 'C-1', which does not exist in this company: send that item first",
					"lines[2].item: names item 'TRIM', which does not exist in this company: send that item first");

		put("invoices", "INV-1", "{\"customer\": \"C-1\", \"date\": \"2025-04-30\", \"lines\": [{\"item\": \"MOW\"}]}");
		ResponseEntity<Map> payment = put("payments", "PAY-1", """
				{"customer": "C-1", "date": "2025-05-01", "amount": 10, "appliedTo": [{"invoice": "INV-9", "amount": 10}]}
				""");
		assertThat(payment.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(fields(payment)).containsExactly("appliedTo[0].invoice");
		assertThat(countRecords()).isEqualTo(4);
	}

	@Test
	void recordsStillNamedByOthersAreNotDeleted() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		put("items", "MOW", "{\"name\": \"Mowing\", \"type\": \"SERVICE\"}");
		put("invoices", "INV-1", "{\"customer\": \"C-1\", \"date\": \"2025-04-30\", \"lines\": [{\"item\": \"MOW\"}]}");
		put("invoices", "INV-2", """
				{"customer": "C-1", "date": "2025-05-30", "lines": [{"item": "MOW"}, {"item": "MOW", "quantity": 2}]}
				""");
		put("payments", "PAY-1", """
				{"customer": "C-1", "date": "2025-06-01", "amount": 10, "appliedTo": [{"invoice": "INV-1", "amount": 10}]}
				""");
		long changes = journal().size();

		ResponseEntity<Map> customer = api().delete().uri(path("customers", "C-1")).retrieve().toEntity(Map.class);
		assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat((String) customer.getBody().get("detail")).contains("3 record(s)")
			.contains("invoice 'INV-1'", "invoice 'INV-2'", "payment 'PAY-1'")
			.contains("\"active\": false");
		assertThat(api().delete().uri(path("invoices", "INV-1")).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(journal()).hasSize((int) changes);

		// an invoice that no longer names an item frees it
		put("items", "TRIM", "{\"name\": \"Trimming\", \"type\": \"SERVICE\"}");
		ResponseEntity<Map> changed = put("invoices", "INV-2",
				"{\"customer\": \"C-1\", \"date\": \"2025-05-30\", \"lines\": [{\"item\": \"TRIM\"}]}");
		assertThat(changed.getBody()).containsEntry("changed", true);
		ResponseEntity<Map> item = api().delete().uri(path("items", "MOW")).retrieve().toEntity(Map.class);
		assertThat(item.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat((String) item.getBody().get("detail")).contains("invoice 'INV-1'").doesNotContain("INV-2");

		for (String[] record : new String[][] { { "payments", "PAY-1" }, { "invoices", "INV-1" },
				{ "invoices", "INV-2" }, { "customers", "C-1" }, { "items", "MOW" }, { "items", "TRIM" } }) {
			assertThat(api().delete().uri(path(record[0], record[1])).retrieve().toBodilessEntity().getStatusCode())
				.as(record[1])
				.isEqualTo(HttpStatus.OK);
		}
		ResponseEntity<Map> deletedTarget = put("invoices", "INV-3",
				"{\"customer\": \"C-1\", \"date\": \"2025-04-30\", \"lines\": [{\"item\": \"MOW\"}]}");
		assertThat(deletedTarget.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat((List<Map<String, String>>) deletedTarget.getBody().get("errors"))
			.allSatisfy((e) -> assertThat(e.get("message")).contains("was deleted"));
	}

	@Test
	void unknownThingsAre404() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		ResponseEntity<Map> type = put("widgets", "W-1", "{\"name\": \"x\"}");
		assertThat(type.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat((String) type.getBody().get("detail")).contains("widgets")
			.contains("customers, vendors, items, invoices, payments");
		assertThat(get("widgets", "W-1").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(api().get().uri("/api/companies/{id}/records/widgets", this.company).retrieve().toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("customers", "C-2").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("vendors", "C-1").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(api().delete().uri(path("customers", "C-2")).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		ResponseEntity<Map> company = api().put()
			.uri("/api/companies/999999999/records/customers/C-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"x\"}")
			.retrieve()
			.toEntity(Map.class);
		assertThat(company.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat((String) company.getBody().get("detail")).contains("999999999");
		assertThat(api().get().uri("/api/companies/999999999/records/customers/C-1").retrieve().toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void companiesDoNotSeeOrNameEachOthersRecords() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		put("items", "MOW", "{\"name\": \"Mowing\", \"type\": \"SERVICE\"}");
		long other = TestCompanies.create(api(), "Other").id();

		assertThat(api().get().uri("/api/companies/{id}/records/customers/C-1", other).retrieve().toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		ResponseEntity<Map> invoice = api().put()
			.uri("/api/companies/{id}/records/invoices/INV-1", other)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"customer\": \"C-1\", \"date\": \"2025-04-30\", \"lines\": [{\"item\": \"MOW\"}]}")
			.retrieve()
			.toEntity(Map.class);
		assertThat(invoice.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(fields(invoice)).containsExactlyInAnyOrder("customer", "lines[0].item");

		// the same externalId in another company is another record
		ResponseEntity<Map> same = api().put()
			.uri("/api/companies/{id}/records/customers/C-1", other)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"Bob Stone\"}")
			.retrieve()
			.toEntity(Map.class);
		assertThat(same.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat((Map) get("customers", "C-1").getBody().get("record")).containsEntry("name", "Ann Lee");
		Map<String, Object> list = api().get().uri("/api/companies/{id}/records/customers", other).retrieve()
			.body(Map.class);
		assertThat((List<Map>) list.get("records")).extracting((r) -> ((Map) r.get("record")).get("name"))
			.containsExactly("Bob Stone");
	}

	@Test
	void externalIdsAreExactAndMayHoldUrlCharacters() {
		for (String id : List.of("Café #7 (north)", "a?b&c=d", "c-1", "C-1", "x.json", "100")) {
			assertThat(put("customers", id, "{\"name\": \"" + id.replace("\"", "") + "\"}").getStatusCode()).as(id)
				.isEqualTo(HttpStatus.CREATED);
			assertThat(get("customers", id).getBody()).as(id).containsEntry("externalId", id);
		}
		assertThat(countRecords()).isEqualTo(6);
		ResponseEntity<Map> tooLong = put("customers", "x".repeat(101), "{\"name\": \"x\"}");
		assertThat(fields(tooLong)).containsExactly("externalId");
	}

	@Test
	void recordsAreListedPageByPage() {
		for (int i = 1; i <= 5; i++) {
			put("items", "I-" + i, "{\"name\": \"Item " + i + "\", \"type\": \"SERVICE\"}");
		}
		api().delete().uri(path("items", "I-2")).retrieve().toBodilessEntity();
		Map<String, Object> first = api().get()
			.uri("/api/companies/{id}/records/items?limit=2", this.company)
			.retrieve()
			.body(Map.class);
		assertThat((List<Map>) first.get("records")).extracting((r) -> r.get("externalId")).containsExactly("I-1", "I-3");
		Map<String, Object> second = api().get()
			.uri("/api/companies/{id}/records/items?limit=2&after={after}", this.company, first.get("next"))
			.retrieve()
			.body(Map.class);
		assertThat((List<Map>) second.get("records")).extracting((r) -> r.get("externalId")).containsExactly("I-4", "I-5");
		Map<String, Object> all = api().get()
			.uri("/api/companies/{id}/records/items?includeDeleted=true", this.company)
			.retrieve()
			.body(Map.class);
		assertThat((List<Map>) all.get("records")).extracting((r) -> r.get("externalId") + " " + r.get("deleted"))
			.containsExactly("I-1 false", "I-2 true", "I-3 false", "I-4 false", "I-5 false");
		assertThat(all.get("next")).isNull();
	}

	@Test
	void theQuickBooksLinkIsKeptPerRecordAndShownByGet() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		StoredRecord stored = this.records.find(this.company, RecordType.CUSTOMERS, "C-1").orElseThrow();
		java.time.Instant synced = java.time.Instant.parse("2025-05-01T10:15:30.123456Z");
		this.records.setQuickBooksLink(this.company, stored.id(),
				new QuickBooksLink("80000001-1714558530", "1714558530", synced, SyncState.SYNCED));
		Map<String, Object> linked = (Map<String, Object>) get("customers", "C-1").getBody().get("quickBooks");
		assertThat(linked).containsEntry("id", "80000001-1714558530")
			.containsEntry("editSequence", "1714558530")
			.containsEntry("syncState", "SYNCED")
			.containsEntry("lastSyncedAt", "2025-05-01T10:15:30.123456Z");
		assertThat(this.records.find(this.company, RecordType.CUSTOMERS, "C-1").orElseThrow().version()).isEqualTo(1);

		this.records.clearQuickBooksLink(this.company, stored.id());
		assertThat((Map<String, Object>) get("customers", "C-1").getBody().get("quickBooks"))
			.containsEntry("id", null)
			.containsEntry("editSequence", null)
			.containsEntry("syncState", "NEVER_SYNCED");
		assertThat(journal()).hasSize(1);
	}

	@Test
	void aCompanysWritesTakeItsJournalLockOneTransactionAtATime() throws SQLException {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		TestDatabase.Connection db = TestDatabase.get();
		try (Connection holder = db.open(); Connection waiter = db.open()) {
			holder.setAutoCommit(false);
			waiter.setAutoCommit(false);
			try (Statement s = holder.createStatement(); Statement w = waiter.createStatement()) {
				s.executeUpdate(lockSql(this.company));
				w.execute("SET SESSION innodb_lock_wait_timeout = 1");
				assertThatThrownBy(() -> w.executeUpdate(lockSql(this.company))).isInstanceOf(SQLException.class)
					.hasMessageContaining("Lock wait timeout");
				// another company is not blocked
				long other = TestCompanies.create(api(), "Unblocked").id();
				w.executeUpdate(lockSql(other));
			}
			finally {
				holder.rollback();
				waiter.rollback();
			}
		}
	}

	private static String lockSql(long companyId) {
		return "INSERT INTO singleops_journal_locks (company_id) VALUES (" + companyId
				+ ") ON DUPLICATE KEY UPDATE company_id = company_id";
	}

	private String path(String type, String externalId) {
		return "/api/companies/" + this.company + "/records/" + type + "/"
				+ org.springframework.web.util.UriUtils.encodePathSegment(externalId,
						java.nio.charset.StandardCharsets.UTF_8);
	}

	private ResponseEntity<Map> put(String type, String externalId, String json) {
		return api().put()
			.uri(java.net.URI.create(baseUri() + path(type, externalId)))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(Map.class);
	}

	private ResponseEntity<Map> get(String type, String externalId) {
		return api().get().uri(java.net.URI.create(baseUri() + path(type, externalId))).retrieve().toEntity(Map.class);
	}

	private static List<String> fields(ResponseEntity<Map> response) {
		Object errors = (response.getBody() != null) ? response.getBody().get("errors") : null;
		return (errors == null) ? List.of()
				: ((List<Map<String, String>>) errors).stream().map((e) -> e.get("field")).toList();
	}

	private List<Map<String, Object>> journal() {
		return this.jdbc.sql("""
				SELECT record_type, external_id, change_kind, version, data FROM singleops_changes
				WHERE company_id = :company ORDER BY id
				""").param("company", this.company).query().listOfRows();
	}

	private long countRecords() {
		return this.jdbc.sql("SELECT COUNT(*) FROM singleops_records WHERE company_id = :company")
			.param("company", this.company)
			.query(Long.class)
			.single();
	}

}
