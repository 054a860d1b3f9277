package io.qbsync.wizard.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.singleops.Customer;
import io.qbsync.singleops.Invoice;
import io.qbsync.singleops.Payment;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Duplicate matching against a company's QuickBooks change set, filled here row by row as the import would (one row
 * per object version), with SingleOps records stored through the REST API.
 */
class DuplicateMatcherTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	DuplicateMatcher matcher;

	@Autowired
	SingleOpsRecords records;

	@Autowired
	JdbcClient jdbc;

	long company;

	@BeforeEach
	void company() {
		this.company = TestCompanies.create(api(), "Matching").id();
	}

	@Test
	void aCustomerWithTheSameNameIsAnExactMatchIgnoringCaseAndWhitespace() {
		quickBooks("Customer", "80000001-1700000001", "11", "Ann   Lee", Map.of("Name", "Ann   Lee"));
		quickBooks("Customer", "80000002-1700000002", "12", "Bob Smith", Map.of("Name", "Bob Smith"));
		put("customers", "C-1", "{\"name\": \"ANN LEE\", \"email\": \"someone@else.example\"}");

		assertThat(match("customers", "C-1")).contains(new MatchCandidate("80000001-1700000001", "Customer",
				"Ann   Lee", "11", MatchStrength.EXACT, "same name"));
		Customer spaced = new Customer("  ann \t lee ", null, null, null, null, null, null, null, null);
		assertThat(this.matcher.match(this.company, RecordType.CUSTOMERS, spaced)).get()
			.extracting(MatchCandidate::qbId, MatchCandidate::strength)
			.containsExactly("80000001-1700000001", MatchStrength.EXACT);
	}

	@Test
	void aCustomerWithTheSameEmailAddressIsAWeakMatch() {
		quickBooks("Customer", "80000001-1700000001", "11", "Lee Landscaping LLC",
				Map.of("Name", "Lee Landscaping LLC", "Email", "Ann@Example.com", "Phone", "512-555-0100"));
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"email\": \"ann@example.COM\", \"phone\": \"555-0199\"}");

		assertThat(match("customers", "C-1")).contains(new MatchCandidate("80000001-1700000001", "Customer",
				"Lee Landscaping LLC", "11", MatchStrength.WEAK, "same email address"));
	}

	@Test
	void aCustomerWithTheSamePhoneNumberFormattedDifferentlyIsAWeakMatch() {
		quickBooks("Customer", "80000001-1700000001", "11", "Lee Landscaping LLC",
				Map.of("Name", "Lee Landscaping LLC", "Phone", "(512) 555-0100"));
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"phone\": \"512.555.0100\"}");
		put("customers", "C-2", "{\"name\": \"Ann Leigh\", \"phone\": \"+1 512 555 0100\"}");

		assertThat(match("customers", "C-1")).contains(new MatchCandidate("80000001-1700000001", "Customer",
				"Lee Landscaping LLC", "11", MatchStrength.WEAK, "same phone number"));
		assertThat(match("customers", "C-2")).as("a country code makes it another number").isEmpty();
	}

	@Test
	void shortPhoneNumbersAreNotCompared() {
		quickBooks("Customer", "80000001-1700000001", "11", "Lee Landscaping LLC",
				Map.of("Name", "Lee Landscaping LLC", "Phone", "x 0100"));
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"phone\": \"01-00\"}");

		assertThat(match("customers", "C-1")).isEmpty();
	}

	@Test
	void ofSeveralWeakCandidatesTheFirstByListIdIsProposedAndTheReasonSaysHowManyThereWere() {
		quickBooks("Customer", "80000003-1700000003", "13", "Lee Trees",
				Map.of("Name", "Lee Trees", "Email", "ann@example.com", "Phone", "512-555-0100"));
		quickBooks("Customer", "80000002-1700000002", "12", "Lee Lawns",
				Map.of("Name", "Lee Lawns", "Phone", "512 555 0100"));
		quickBooks("Customer", "80000004-1700000004", "14", "Ann's Other Business",
				Map.of("Name", "Ann's Other Business", "Email", "ANN@example.com"));
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"email\": \"ann@example.com\", \"phone\": \"5125550100\"}");

		Optional<MatchCandidate> match = match("customers", "C-1");
		assertThat(match).get()
			.extracting(MatchCandidate::qbId, MatchCandidate::strength, MatchCandidate::reason)
			.containsExactly("80000002-1700000002", MatchStrength.WEAK, "same phone number; one of 3 QuickBooks "
					+ "customers that match by email address or phone number");
	}

	@Test
	void aCustomerWithNothingInCommonDoesNotMatch() {
		quickBooks("Customer", "80000001-1700000001", "11", "Bob Smith",
				Map.of("Name", "Bob Smith", "Email", "bob@example.com", "Phone", "512-555-0100"));
		quickBooks("Vendor", "80000002-1700000002", "12", "Ann Lee", Map.of("Name", "Ann Lee"));
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"email\": \"ann@example.com\", \"phone\": \"512-555-0199\"}");

		assertThat(match("customers", "C-1")).as("a vendor is no customer").isEmpty();
	}

	@Test
	void anotherCompanysQuickBooksCustomerDoesNotMatch() {
		long other = TestCompanies.create(api(), "Other").id();
		insert(other, "Customer", "80000001-1700000001", "11", false, "Ann Lee", data(Map.of("Name", "Ann Lee")));
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");

		assertThat(match("customers", "C-1")).isEmpty();
	}

	@Test
	void aQuickBooksCustomerWhoseLatestVersionIsADeletionDoesNotMatch() {
		quickBooks("Customer", "80000001-1700000001", "11", "Ann Lee",
				Map.of("Name", "Ann Lee", "Email", "ann@example.com"));
		deleted("Customer", "80000001-1700000001", "Ann Lee");
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"email\": \"ann@example.com\"}");

		assertThat(match("customers", "C-1")).isEmpty();

		quickBooks("Customer", "80000009-1700000009", "19", "Ann Lee", Map.of("Name", "Ann Lee"));
		assertThat(match("customers", "C-1")).as("made again in QuickBooks").get()
			.extracting(MatchCandidate::qbId)
			.isEqualTo("80000009-1700000009");
	}

	@Test
	void aQuickBooksCustomerAlreadyLinkedToAnotherRecordDoesNotMatchUntilThatRecordIsDeleted() {
		quickBooks("Customer", "80000001-1700000001", "11", "Ann Lee",
				Map.of("Name", "Ann Lee", "Email", "ann@example.com"));
		StoredRecord linked = put("customers", "C-OLD", "{\"name\": \"Ann Lee (old)\"}");
		link(linked, "80000001-1700000001");
		put("customers", "C-1", "{\"name\": \"Ann Lee\", \"email\": \"ann@example.com\"}");

		assertThat(match("customers", "C-1")).isEmpty();

		api().delete().uri("/api/companies/{id}/records/customers/C-OLD", this.company).retrieve().toBodilessEntity();
		assertThat(match("customers", "C-1")).get().extracting(MatchCandidate::strength).isEqualTo(MatchStrength.EXACT);
	}

	@Test
	void theLatestVersionWinsSoARenamedCustomerMatchesByItsNewNameOnly() {
		quickBooks("Customer", "80000001-1700000001", "11", "Ann Lee", Map.of("Name", "Ann Lee"));
		quickBooks("Customer", "80000001-1700000001", "15", "Ann Lee-Park", Map.of("Name", "Ann Lee-Park"));
		put("customers", "C-OLD", "{\"name\": \"Ann Lee\"}");
		put("customers", "C-NEW", "{\"name\": \"ann lee-park\"}");

		assertThat(match("customers", "C-OLD")).isEmpty();
		assertThat(match("customers", "C-NEW")).contains(new MatchCandidate("80000001-1700000001", "Customer",
				"Ann Lee-Park", "15", MatchStrength.EXACT, "same name"));
	}

	@Test
	void vendorsMatchByNameAndWeaklyByEmail() {
		quickBooks("Vendor", "80000001-1700000001", "11", "Stump Grinders Inc", Map.of("Name", "Stump Grinders Inc"));
		quickBooks("Vendor", "80000002-1700000002", "12", "Mulch Co",
				Map.of("Name", "Mulch Co", "Email", "sales@mulch.example"));
		quickBooks("Customer", "80000003-1700000003", "13", "Gravel Inc",
				Map.of("Name", "Gravel Inc", "Email", "ops@gravel.example"));
		put("vendors", "V-1", "{\"name\": \"stump grinders inc\"}");
		put("vendors", "V-2", "{\"name\": \"Mulch Company\", \"email\": \"Sales@Mulch.example\"}");
		put("vendors", "V-3", "{\"name\": \"Gravel\", \"email\": \"ops@gravel.example\"}");

		assertThat(match("vendors", "V-1")).get()
			.extracting(MatchCandidate::qbId, MatchCandidate::objectType, MatchCandidate::strength)
			.containsExactly("80000001-1700000001", "Vendor", MatchStrength.EXACT);
		assertThat(match("vendors", "V-2")).get()
			.extracting(MatchCandidate::qbId, MatchCandidate::strength, MatchCandidate::reason)
			.containsExactly("80000002-1700000002", MatchStrength.WEAK, "same email address");
		assertThat(match("vendors", "V-3")).as("only vendors are compared").isEmpty();
	}

	@Test
	void itemsMatchByNameWithinTheirTypeAndWeaklyAcrossTypes() {
		quickBooks("ItemService", "80000001-1700000001", "11", "Mowing", Map.of("Name", "Mowing"));
		quickBooks("ItemNonInventory", "80000002-1700000002", "12", "Mulch", Map.of("Name", "Mulch"));
		put("items", "MOW", "{\"name\": \"mowing \", \"type\": \"SERVICE\", \"rate\": 45}");
		put("items", "MULCH", "{\"name\": \"Mulch\", \"type\": \"NON_INVENTORY\"}");
		put("items", "MULCH-SERVICE", "{\"name\": \"MULCH\", \"type\": \"SERVICE\"}");
		put("items", "MOW-PART", "{\"name\": \"Mowing\", \"type\": \"NON_INVENTORY\"}");
		put("items", "EDGE", "{\"name\": \"Edging\", \"type\": \"SERVICE\"}");

		assertThat(match("items", "MOW")).contains(new MatchCandidate("80000001-1700000001", "ItemService", "Mowing",
				"11", MatchStrength.EXACT, "same name"));
		assertThat(match("items", "MULCH")).contains(new MatchCandidate("80000002-1700000002", "ItemNonInventory",
				"Mulch", "12", MatchStrength.EXACT, "same name"));
		assertThat(match("items", "MULCH-SERVICE")).contains(new MatchCandidate("80000002-1700000002",
				"ItemNonInventory", "Mulch", "12", MatchStrength.WEAK, "same name, but a non-inventory item in QuickBooks"));
		assertThat(match("items", "MOW-PART")).contains(new MatchCandidate("80000001-1700000001", "ItemService",
				"Mowing", "11", MatchStrength.WEAK, "same name, but a service item in QuickBooks"));
		assertThat(match("items", "EDGE")).isEmpty();
	}

	@Test
	void anInvoiceWithTheSameNumberForTheLinkedCustomerIsAnExactMatch() {
		StoredRecord customer = put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		link(customer, "80000001-1700000001");
		quickBooks("Invoice", "1A-1700000100", "100", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000009-1700000009", "CustomerRef/FullName", "Bob"));
		quickBooks("Invoice", "1B-1700000101", "101", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000001-1700000001", "CustomerRef/FullName",
						"Ann Lee"));
		putInvoice("INV-1", "1001", "C-1");

		assertThat(match("invoices", "INV-1")).contains(new MatchCandidate("1B-1700000101", "Invoice", "1001", "101",
				MatchStrength.EXACT, "same invoice number and customer"));
	}

	@Test
	void anInvoiceWithTheSameNumberForAnotherCustomerIsAWeakMatchThatSaysWhichCustomer() {
		StoredRecord customer = put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		link(customer, "80000001-1700000001");
		quickBooks("Invoice", "1A-1700000100", "100", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000009-1700000009", "CustomerRef/FullName",
						"Bob Smith"));
		putInvoice("INV-1", "1001", "C-1");

		assertThat(match("invoices", "INV-1")).contains(new MatchCandidate("1A-1700000100", "Invoice", "1001", "100",
				MatchStrength.WEAK, "same invoice number, different customer (in QuickBooks it is for Bob Smith)"));
	}

	@Test
	void anInvoiceWithTheSameNumberWhoseCustomerIsNotLinkedIsAWeakMatch() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		quickBooks("Invoice", "1A-1700000100", "100", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000009-1700000009", "CustomerRef/FullName",
						"Bob Smith"));
		quickBooks("Invoice", "1B-1700000101", "101", "1002",
				Map.of("RefNumber", "1002", "CustomerRef/ListID", "80000001-1700000001", "CustomerRef/FullName",
						"ann lee"));
		putInvoice("INV-1", "1001", "C-1");
		putInvoice("INV-2", "1002", "C-1");

		assertThat(match("invoices", "INV-1")).contains(new MatchCandidate("1A-1700000100", "Invoice", "1001", "100",
				MatchStrength.WEAK, "same invoice number, but the invoice's customer is not linked to QuickBooks yet, "
						+ "so the customers could not be compared (in QuickBooks it is for Bob Smith)"));
		assertThat(match("invoices", "INV-2")).contains(new MatchCandidate("1B-1700000101", "Invoice", "1002", "101",
				MatchStrength.WEAK, "same invoice number and customer name, but the invoice's customer is not linked "
						+ "to QuickBooks yet"));
	}

	@Test
	void anInvoiceWithAnotherNumberOrNoNumberDoesNotMatch() {
		StoredRecord customer = put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		link(customer, "80000001-1700000001");
		quickBooks("Invoice", "1A-1700000100", "100", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000001-1700000001"));
		putInvoice("INV-1", "1002", "C-1");

		assertThat(match("invoices", "INV-1")).isEmpty();
		Invoice unnumbered = new Invoice(null, "C-1", LocalDate.of(2025, 4, 30), null, null, List.of());
		assertThat(this.matcher.match(this.company, RecordType.INVOICES, unnumbered)).isEmpty();
	}

	@Test
	void aDeletedOrAlreadyLinkedQuickBooksInvoiceDoesNotMatch() {
		StoredRecord customer = put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		link(customer, "80000001-1700000001");
		quickBooks("Invoice", "1A-1700000100", "100", "1001",
				Map.of("RefNumber", "1001", "CustomerRef/ListID", "80000001-1700000001"));
		deleted("Invoice", "1A-1700000100", "1001");
		quickBooks("Invoice", "1B-1700000101", "101", "1002",
				Map.of("RefNumber", "1002", "CustomerRef/ListID", "80000001-1700000001"));
		link(putInvoice("INV-OLD", "1002-old", "C-1"), "1B-1700000101");
		putInvoice("INV-1", "1001", "C-1");
		putInvoice("INV-2", "1002", "C-1");

		assertThat(match("invoices", "INV-1")).isEmpty();
		assertThat(match("invoices", "INV-2")).isEmpty();
	}

	@Test
	void paymentsNeverMatch() {
		put("customers", "C-1", "{\"name\": \"Ann Lee\"}");
		Payment payment = new Payment("C-1", LocalDate.of(2025, 5, 1), new BigDecimal("10.00"), null, "1001", null,
				List.of());
		assertThat(this.matcher.match(this.company, RecordType.PAYMENTS, payment)).isEmpty();
	}

	@Test
	void aBodyOfAnotherTypeIsRefused() {
		Customer customer = new Customer("Ann Lee", null, null, null, null, null, null, null, null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.matcher.match(this.company, RecordType.VENDORS, customer));
	}

	@Test
	void namesEmailAddressesAndPhoneNumbersAreComparedNormalised() {
		assertThat(DuplicateMatcher.normalName("  Ann \t\n Lee  ")).isEqualTo("Ann Lee");
		assertThat(DuplicateMatcher.normalName(" \t ")).isNull();
		assertThat(DuplicateMatcher.normalEmail(" ann@example.com ")).isEqualTo("ann@example.com");
		assertThat(DuplicateMatcher.digits("(512) 555-0100 ext. 7")).isEqualTo("51255501007");
		assertThat(DuplicateMatcher.digits("555-010")).isNull();
		assertThat(DuplicateMatcher.digits(null)).isNull();
	}

	private Optional<MatchCandidate> match(String type, String externalId) {
		RecordType recordType = RecordType.fromPath(type).orElseThrow();
		StoredRecord record = this.records.find(this.company, recordType, externalId).orElseThrow();
		return this.matcher.match(this.company, recordType, record.body());
	}

	private StoredRecord put(String type, String externalId, String json) {
		ResponseEntity<Map> response = api().put()
			.uri("/api/companies/{id}/records/{type}/{externalId}", this.company, type, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as("PUT %s %s: %s", type, externalId, response).isTrue();
		return this.records.find(this.company, RecordType.fromPath(type).orElseThrow(), externalId).orElseThrow();
	}

	private StoredRecord putInvoice(String externalId, String number, String customer) {
		put("items", "LINE-ITEM", "{\"name\": \"Weekly mowing\", \"type\": \"SERVICE\"}");
		return put("invoices", externalId, """
				{"number": "%s", "customer": "%s", "date": "2025-04-30", "lines": [{"item": "LINE-ITEM", "quantity": 1}]}
				""".formatted(number, customer));
	}

	private void link(StoredRecord record, String qbId) {
		this.records.setQuickBooksLink(this.company, record.id(),
				new QuickBooksLink(qbId, "1", Instant.now(), SyncState.SYNCED));
	}

	/** One object version QuickBooks returned, as the import stores it. */
	private void quickBooks(String objectType, String qbId, String editSequence, String displayName,
			Map<String, String> fields) {
		insert(this.company, objectType, qbId, editSequence, false, displayName, data(fields));
	}

	/** The deletion of an object, as the deleted-object queries store it (no data). */
	private void deleted(String objectType, String qbId, String displayName) {
		insert(this.company, objectType, qbId, "deleted:2025-05-01T10:00:00", true, displayName, null);
	}

	private static String data(Map<String, String> fields) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("fields", fields);
		data.put("lines", List.of());
		return JSON.writeValueAsString(data);
	}

	private void insert(long companyId, String objectType, String qbId, String editSequence, boolean deleted,
			String displayName, String data) {
		this.jdbc.sql("""
				INSERT INTO quickbooks_changes (company_id, object_type, qb_id, edit_sequence, deleted, display_name,
					time_modified, data, document_id, received_at)
				VALUES (:company, :type, :qbId, :editSequence, :deleted, :displayName, NULL, :data, 0, NOW(6))
				""")
			.param("company", companyId)
			.param("type", objectType)
			.param("qbId", qbId)
			.param("editSequence", editSequence)
			.param("deleted", deleted)
			.param("displayName", displayName)
			.param("data", data)
			.update();
	}

}
