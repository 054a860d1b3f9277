package io.qbsync.delivery;

import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fault on the way to QuickBooks, on its own: nothing is added twice, nothing is lost, and every item ends
 * Succeeded, or Failed with its guide entry.
 */
class DeliveryFaultTests extends SyncFixture {

	@Test
	void aLostAddIsFoundByTheNameItWentOutWithEvenIfTheRecordWasRenamedSince() {
		TestCompany company = company("Renamed After Loss");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Oak Hill\"}");
		scanAndApproveAll(company);
		session(company, books, RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		put(company, "customers", "C-1", "{\"name\": \"Oak Hill Farms\"}");
		scanAndApproveAll(company);

		sessionsUntilIdle(company, books);

		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(books.list("Customer")).singleElement()
			.satisfies((c) -> assertThat(c.text("Name")).isEqualTo("Oak Hill Farms"));
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(books.list("Customer").get(0).text("ListID"));
	}

	@Test
	void resyncingAnAddOfUnknownFateLooksItUpEvenAfterTheRecordChanged() {
		TestCompany company = company("Resync Unknown");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Laurel Bend\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");
		session(company, books, RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		// as if the lookup could not tell: a person sees it under Unsynced Entities
		failAsLost(item);
		put(company, "customers", "C-1", "{\"name\": \"Laurel Bend Estates\"}");

		Map<String, Object> resynced = api().post()
			.uri("/api/companies/{id}/unsynced/{item}/resync", company.id(), item)
			.retrieve()
			.body(Map.class);
		assertThat(resynced).containsEntry("outcome", "RELEASED");
		sessionsUntilIdle(company, books);

		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(books.list("Customer")).hasSize(1);
		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(books.list("Customer").get(0).text("ListID"));
	}

	@Test
	void aParentDeletedInQuickBooksWithItsOwnChangeFailingIsAddedAgainWithoutALoop() {
		TestCompany company = company("Parent Gone Mod");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Walnut Way\"}");
		put(company, "items", "I-1", "{\"name\": \"Edging\", \"type\": \"SERVICE\", \"rate\": 40, "
				+ "\"incomeAccount\": \"Sales\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		books.userDelete(linkOf(company, "CUSTOMERS", "C-1"));
		put(company, "customers", "C-1", "{\"name\": \"Walnut Way\", \"phone\": \"919-555-0177\"}");
		put(company, "invoices", "INV-1", "{\"number\": \"5001\", \"customer\": \"C-1\", \"date\": \"2026-11-24\", "
				+ "\"lines\": [{\"item\": \"I-1\", \"quantity\": 1, \"rate\": 40}]}");
		scanAndApproveAll(company);

		int sessions = sessionsUntilIdle(company, books);

		assertThat(sessions).isLessThanOrEqualTo(3);
		assertThat(books.list("Invoice")).hasSize(1);
		assertThat(books.list("Customer")).singleElement()
			.satisfies((c) -> assertThat(c.text("Phone")).isEqualTo("919-555-0177"));
		assertThat(itemState(itemOf(company, "INV-1"))).isEqualTo("SUCCEEDED");
		assertThat(books.requestCount("InvoiceAddRq")).isEqualTo(2);
	}

	@Test
	void theServerRestartingBetweenSendAndReceiveNeitherDuplicatesNorLosesTheAdd() {
		TestCompany company = company("Restart Between");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Birch Lane\"}");
		put(company, "customers", "C-2", "{\"name\": \"Cedar Ridge\"}");
		scanAndApproveAll(company);
		// the Web Connector got the document and QuickBooks applied it; the answer never reached the server, and
		// the session it belonged to is gone (a restarted server knows it only from the database)
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		String ticket = wc.authenticate(company.username(), company.password()).get(0);
		String doc = wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0);
		books.handle(doc);
		this.jdbc.sql("UPDATE webconnector_sessions SET last_seen_at = '2000-01-01' WHERE company_id = ?")
			.param(company.id())
			.update();

		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).hasSize(2);
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(2);
		assertThat(itemState(itemOf(company, "C-1"))).isEqualTo("SUCCEEDED");
		assertThat(itemState(itemOf(company, "C-2"))).isEqualTo("SUCCEEDED");
		assertThat(linkOf(company, "CUSTOMERS", "C-2")).isNotNull();
	}

	/**
	 * A fault QuickBooks answers that is worth trying again later: on the record (QuickBooks busy, statusCode 3175) or
	 * on the whole document (QuickBooks could not parse it, hresult 0x80040400).
	 */
	enum RetriedFault {

		BUSY_RECORD("Busy Then Fine", "Willow Park", "3175", 1) {
			@Override
			void inject(FakeQuickBooks books) {
				books.failNext("CustomerAdd", 3175, "There was an error when saving a Customer list element. QuickBooks "
						+ "error message: The record could not be locked, it is in use by another user.");
			}
		},

		/** The document's fate is unknown after the first session; the next one looks the Add up before it waits. */
		UNPARSABLE_DOCUMENT("Parse Error", "Magnolia Dr", "0x80040400", 2) {
			@Override
			void inject(FakeQuickBooks books) {
				books.failNextDocument("0x80040400",
						"QuickBooks found an error when parsing the provided XML text stream.");
			}
		};

		final String company;

		final String customer;

		final String code;

		/** Sessions until the item waits for its retry. */
		final int sessions;

		RetriedFault(String company, String customer, String code, int sessions) {
			this.company = company;
			this.customer = customer;
			this.code = code;
			this.sessions = sessions;
		}

		abstract void inject(FakeQuickBooks books);

	}

	@ParameterizedTest
	@EnumSource
	void aFaultWorthRetryingIsRetriedInALaterSessionThenSucceedsWithNothingDuplicated(RetriedFault fault) {
		TestCompany company = company(fault.company);
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"" + fault.customer + "\"}");
		scanAndApproveAll(company);
		fault.inject(books);
		long item = itemOf(company, "C-1");

		for (int i = 0; i < fault.sessions; i++) {
			session(company, books);
		}

		assertThat(item(item)).containsEntry("state", "APPROVED").containsEntry("result_code", fault.code)
			.containsEntry("attempts", 1);
		assertThat(item(item).get("next_attempt_at")).isNotNull();
		assertThat(books.list("Customer")).isEmpty();
		// not before its wait is over
		assertThat(session(company, books).authenticateStatus()).isEqualTo("none");

		retryWaitOver(company);
		sessionsUntilIdle(company, books);

		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		assertThat(books.list("Customer")).hasSize(1);
	}

	@Test
	void busyEveryTimeFailsAfterTheCapWithTheGuidesFix() {
		TestCompany company = company("Busy Forever");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Always Locked\"}");
		scanAndApproveAll(company);
		books.failNext("CustomerAdd", 10, 3175, "The record could not be locked.");
		long item = itemOf(company, "C-1");

		for (int i = 0; i < 5; i++) {
			retryWaitOver(company);
			session(company, books);
		}

		assertThat(item(item)).containsEntry("state", "FAILED").containsEntry("result_code", "3175")
			.containsEntry("attempts", 5);
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(5);
		assertThat(unsynced(company)).singleElement().satisfies((u) -> {
			assertThat(u).containsEntry("code", "3175").containsEntry("handling", "RETRY_LATER");
			assertThat((String) u.get("fix")).isNotBlank();
		});
	}

	@Test
	void aStaleEditSequenceIsRefreshedAndTheChangeSentAgainWhenQuickBooksChangedOtherFields() {
		TestCompany company = company("Stale No Conflict");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Aspen Grove\", \"email\": \"old@aspen.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String listId = linkOf(company, "CUSTOMERS", "C-1");
		books.userEdit(listId, "Phone", "919-555-0142");
		put(company, "customers", "C-1", "{\"name\": \"Aspen Grove\", \"email\": \"new@aspen.example\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");

		sessionsUntilIdle(company, books);

		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		QbNode customer = books.find(listId).orElseThrow();
		assertThat(customer.text("Email")).isEqualTo("new@aspen.example");
		assertThat(customer.text("Phone")).isEqualTo("919-555-0142");
		assertThat(books.requestCount("CustomerModRq")).isEqualTo(2);
		assertThat(books.list("Customer")).hasSize(1);
	}

	@Test
	void aStaleEditSequenceWithTheSameFieldChangedInQuickBooksBecomesAConflictForTheAdmin() {
		TestCompany company = company("Stale Conflict");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Spruce Way\", \"email\": \"old@spruce.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String listId = linkOf(company, "CUSTOMERS", "C-1");
		books.userEdit(listId, "Email", "theirs@spruce.example");
		put(company, "customers", "C-1", "{\"name\": \"Spruce Way\", \"email\": \"ours@spruce.example\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");

		sessionsUntilIdle(company, books);

		assertThat(itemState(item)).isEqualTo("WITHDRAWN");
		assertThat(books.find(listId).orElseThrow().text("Email")).isEqualTo("theirs@spruce.example");
		Map<String, Object> conflict = exportItems(company).get(0);
		assertThat(conflict).containsEntry("action", "CONFLICT").containsEntry("externalId", "C-1");

		// the admin keeps the field-service version
		long conflictId = ((Number) conflict.get("id")).longValue();
		ResponseEntity<Map> resolved = approve(company, List.of(conflictId), "KEEP", Map.of(conflictId, "SINGLEOPS"));
		assertThat(resolved.getStatusCode().value()).as(String.valueOf(resolved.getBody())).isEqualTo(200);
		sessionsUntilIdle(company, books);

		assertThat(itemState(conflictId)).isEqualTo("SUCCEEDED");
		assertThat(books.find(listId).orElseThrow().text("Email")).isEqualTo("ours@spruce.example");
	}

	@Test
	void aRecordDeletedWhileItsUpdateMeetsAStaleEditSequenceIsMadeInactiveNotTurnedIntoAConflict() {
		TestCompany company = company("Stale Deleted");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Hawthorn Hill\", \"email\": \"old@hawthorn.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String listId = linkOf(company, "CUSTOMERS", "C-1");
		books.userEdit(listId, "Email", "theirs@hawthorn.example");
		put(company, "customers", "C-1", "{\"name\": \"Hawthorn Hill\", \"email\": \"ours@hawthorn.example\"}");
		scanAndApproveAll(company);
		long update = itemOf(company, "C-1");
		// deleted in the field-service app while its Update waits for the Web Connector; the next scan offers the
		// deletion before the Update's answer (a stale EditSequence, the same field changed in QuickBooks) is back
		api().delete().uri("/api/companies/{id}/records/customers/C-1", company.id()).retrieve().toBodilessEntity();
		scan(company);

		sessionsUntilIdle(company, books);

		assertThat(itemState(update)).isEqualTo("WITHDRAWN");
		// no version of the record is left to weigh against QuickBooks': the deletion stays what the wizard offers
		List<Map<String, Object>> open = exportItems(company);
		assertThat(open).singleElement().satisfies((i) -> assertThat(i).containsEntry("action", "INACTIVATE"));
		long inactivate = ((Number) open.get(0).get("id")).longValue();
		assertThat(approve(company, List.of(inactivate), "KEEP", Map.of()).getStatusCode().value()).isEqualTo(200);
		sessionsUntilIdle(company, books);

		assertThat(itemState(inactivate)).isEqualTo("SUCCEEDED");
		assertThat(books.find(listId).orElseThrow().text("IsActive")).isEqualTo("false");
		assertThat(books.list("Customer")).hasSize(1);
	}

	@Test
	void aConflictSettledForQuickBooksLeavesALaterDeletionOfTheRecordToGo() {
		TestCompany company = company("Conflict Then Deleted");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Rowan Bend\", \"email\": \"old@rowan.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String listId = linkOf(company, "CUSTOMERS", "C-1");
		books.userEdit(listId, "Email", "theirs@rowan.example");
		put(company, "customers", "C-1", "{\"name\": \"Rowan Bend\", \"email\": \"ours@rowan.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		Map<String, Object> conflict = exportItems(company).get(0);
		assertThat(conflict).containsEntry("action", "CONFLICT");
		long conflictId = ((Number) conflict.get("id")).longValue();
		// deleted in the field-service app while the conflict waits, and decided before the next scan reads that
		api().delete().uri("/api/companies/{id}/records/customers/C-1", company.id()).retrieve().toBodilessEntity();

		ResponseEntity<Map> kept = approve(company, List.of(conflictId), "KEEP", Map.of(conflictId, "QUICKBOOKS"));
		assertThat(kept.getStatusCode().value()).as(String.valueOf(kept.getBody())).isEqualTo(200);
		scan(company);

		// QuickBooks' version was kept for the change weighed; the deletion came after it and still goes
		assertThat(exportItems(company)).singleElement()
			.satisfies((i) -> assertThat(i).containsEntry("action", "INACTIVATE"));
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		assertThat(books.find(listId).orElseThrow().text("IsActive")).isEqualTo("false");
		assertThat(books.find(listId).orElseThrow().text("Email")).isEqualTo("theirs@rowan.example");
	}

	@Test
	void aChangeCommittedWhileItsRecordWasBeingReleasedStillGoesToQuickBooks() {
		TestCompany company = company("Changed During Release");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Linden Park\", \"email\": \"one@linden.example\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String listId = linkOf(company, "CUSTOMERS", "C-1");
		put(company, "customers", "C-1", "{\"name\": \"Linden Park\", \"email\": \"two@linden.example\"}");
		scanAndApproveAll(company);
		long update = itemOf(company, "C-1");
		assertThat(itemState(update)).isEqualTo("PENDING");
		// a third version, committed after the release read the record at its second and stamped before the release
		// wrote: its change time falls before the item's release time
		put(company, "customers", "C-1", "{\"name\": \"Linden Park\", \"email\": \"three@linden.example\"}");
		this.jdbc.sql("""
				UPDATE singleops_records r JOIN wizard_items w ON w.id = ?
				SET r.updated_at = w.released_at - INTERVAL 1 MICROSECOND
				WHERE r.company_id = ? AND r.record_type = 'CUSTOMERS' AND r.external_id = 'C-1'
				""").params(update, company.id()).update();

		sessionsUntilIdle(company, books);
		assertThat(itemState(update)).isEqualTo("SUCCEEDED");
		assertThat(books.find(listId).orElseThrow().text("Email")).isEqualTo("two@linden.example");
		scan(company);

		// the second version landing does not make the third count as synced
		assertThat(exportItems(company)).singleElement().satisfies((i) -> assertThat(i)
			.containsEntry("action", "UPDATE"));
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		assertThat(books.find(listId).orElseThrow().text("Email")).isEqualTo("three@linden.example");
	}

	@Test
	void aParentQuickBooksNoLongerHasIsAddedAgainFirstThenTheChild() {
		TestCompany company = company("Parent Missing");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Hemlock Farms\"}");
		put(company, "items", "I-1", "{\"name\": \"Stump Grinding\", \"type\": \"SERVICE\", \"rate\": 150, "
				+ "\"incomeAccount\": \"Sales\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		String oldCustomer = linkOf(company, "CUSTOMERS", "C-1");
		books.userDelete(oldCustomer);
		put(company, "invoices", "INV-1", "{\"number\": \"2001\", \"customer\": \"C-1\", \"date\": \"2026-11-24\", "
				+ "\"lines\": [{\"item\": \"I-1\", \"quantity\": 1, \"rate\": 150}]}");
		scanAndApproveAll(company);

		sessionsUntilIdle(company, books);

		assertThat(books.requestCount("InvoiceAddRq")).isEqualTo(2);
		assertThat(books.list("Invoice")).hasSize(1);
		assertThat(books.list("Customer")).hasSize(1);
		String newCustomer = linkOf(company, "CUSTOMERS", "C-1");
		assertThat(newCustomer).isNotEqualTo(oldCustomer);
		assertThat(books.list("Invoice").get(0).text("CustomerRef/ListID")).isEqualTo(newCustomer);
		assertThat(itemState(itemOf(company, "INV-1"))).isEqualTo("SUCCEEDED");
	}

	@Test
	void aNameInUseByOurOwnEarlierAddIsAdoptedNotDuplicated() {
		TestCompany company = company("Name Ours");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Poplar Street\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");
		String identity = (String) item(item).get("identity");
		// an earlier Add of ours reached QuickBooks, with our identity on it
		QbNode earlier = books.seed("Customer", "<Name>Poplar Street</Name><ExternalGUID>{" + identity.toUpperCase()
				+ "}</ExternalGUID>");

		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).hasSize(1);
		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(earlier.text("ListID"));
	}

	@Test
	void aNameInUseBySomeoneElsesRecordFailsWithTheGuideEntry() {
		TestCompany company = company("Name Theirs");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Linden Place\"}");
		scanAndApproveAll(company);
		books.seed("Customer", "<Name>Linden Place</Name>");
		long item = itemOf(company, "C-1");

		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).hasSize(1);
		assertThat(item(item)).containsEntry("state", "FAILED").containsEntry("result_code", "3100");
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isNull();
		assertThat(unsynced(company)).singleElement().satisfies((u) -> {
			assertThat((String) u.get("message")).contains("did not create");
			assertThat((String) u.get("fix")).isNotBlank();
		});

		// Clear ID offers the existing QuickBooks record, and links to it
		String existing = books.list("Customer").get(0).text("ListID");
		Map<String, Object> offered = clearId(company, "C-1", Map.of());
		assertThat(offered).containsEntry("outcome", "NOT_LINKED");
		assertThat((List<Map<String, Object>>) offered.get("matches")).extracting((m) -> m.get("qbId"))
			.containsExactly(existing);
		assertThat(clearId(company, "C-1", Map.of("relinkTo", existing))).containsEntry("outcome", "RELINKED");
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(existing);
		assertThat(unsynced(company)).isEmpty();
		assertThat(clearId(company, "C-1", Map.of("relinkTo", "80000999-1"))).containsEntry("status", 400);
	}

	private Map<String, Object> clearId(TestCompany company, String externalId, Map<String, Object> body) {
		return api().post()
			.uri("/api/companies/{id}/records/customers/{ext}/clear-id", company.id(), externalId)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(Map.class);
	}

	@Test
	void quickBooksNotRunningLeavesTheItemsPendingUntilItIs() {
		TestCompany company = company("QB Closed");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Sycamore Ct\"}");
		scanAndApproveAll(company);
		books.notRunning();
		long item = itemOf(company, "C-1");

		Transcript closed = session(company, books);

		assertThat(closed.operations()).contains("connectionError");
		assertThat(itemState(item)).isEqualTo("PENDING");
		assertThat(books.list("Customer")).isEmpty();

		books.running();
		sessionsUntilIdle(company, books);

		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		assertThat(books.list("Customer")).hasSize(1);
	}

	@Test
	void changesAreHeldBackFromACompanyFileThatCannotBeProvedToBeThisCompanys() {
		TestCompany company = company("Unproven File");
		// a company file without this company's FileID stamped under its OwnerID
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId("{11111111-2222-3333-4444-555555555555}")
			.supportedQbXmlVersions("13.0")
			.build();
		books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		put(company, "customers", "C-1", "{\"name\": \"Somebody Else's File\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");

		Transcript run = session(company, books);

		assertThat(books.requestCount("CustomerAddRq")).isZero();
		assertThat(itemState(item)).isEqualTo("PENDING");
		assertThat(run.calls("getLastError")).isNotEmpty()
			.allSatisfy((c) -> assertThat(c.result()).contains("holding them back"));

		// the right file: delivered
		sessionsUntilIdle(company, booksFor(company));
		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
	}

}
