package io.qbsync.delivery;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.Transcript;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes to QuickBooks exactly once, where a lost answer, an old qbXML version or a delete could double it. */
class ExactlyOnceDeliveryTests extends SyncFixture {

	/**
	 * An Add QuickBooks applied whose answer never came back: the next session looks it up by the name as it went out
	 * (not as it was typed), links it, and never adds it again.
	 */
	static Stream<Arguments> lostAdds() {
		return Stream.of(Arguments.argumentSet("a plain name", "Lost Answer", Map.of(), "Maple Court HOA",
				"Maple Court HOA"),
				// typographic dash and quotes go out plain, and the 57 characters are cut to QuickBooks' 41
				Arguments.argumentSet("a name changed on the way out", "Sent Name", Map.of("allowTruncation", true),
						"Oak \u2013 Hill \u201CTree\u201D Care and Landscaping of Wake County",
						"Oak - Hill \"Tree\" Care and Landscaping of"));
	}

	@ParameterizedTest
	@MethodSource("lostAdds")
	void anAddWhoseAnswerWasLostAfterQuickBooksAppliedItIsFoundByTheNameItWentOutWithAndLinkedNotAddedAgain(
			String companyName, Map<String, Object> settings, String typed, String sent) {
		TestCompany company = TestCompanies.create(api(), companyName, settings);
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"" + typed + "\"}");
		scanAndApproveAll(company);
		long item = itemOf(company, "C-1");

		Transcript died = session(company, books,
				RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		assertThat(died.endReason()).isNotEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(books.list("Customer")).singleElement()
			.satisfies((c) -> assertThat(c.text("Name")).isEqualTo(sent));
		assertThat(itemState(item)).isEqualTo("PENDING");

		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).hasSize(1);
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(books.requestCount("CustomerQueryRq")).isEqualTo(1);
		assertThat(itemState(item)).isEqualTo("SUCCEEDED");
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(books.list("Customer").get(0).text("ListID"));
	}

	@Test
	void belowTheVersionThatCarriesExternalGuidALostAddIsNeverSentAgainBlind() {
		TestCompany company = TestCompanies.create(api(), "Old QuickBooks", Map.of("qbxmlVersion", "7.0"));
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("6.0", "7.0")
			.build();
		books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		put(company, "customers", "C-1", "{\"name\": \"Spruce Ridge\"}");
		put(company, "items", "I-1", "{\"name\": \"Mulch\", \"type\": \"SERVICE\", \"rate\": 55, \"incomeAccount\": \"Sales\"}");
		scanAndApproveAll(company);
		sessionsUntilIdle(company, books);
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isNotNull();
		assertThat(books.qbXmlVersionsReceived()).doesNotContain("13.0", "8.0", "9.0");

		put(company, "invoices", "INV-1", "{\"number\": \"7001\", \"customer\": \"C-1\", \"date\": \"2026-12-01\", "
				+ "\"lines\": [{\"item\": \"I-1\", \"quantity\": 2, \"rate\": 55}]}");
		scanAndApproveAll(company);
		long invoice = itemOf(company, "INV-1");
		session(company, books, RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		assertThat(books.list("Invoice")).hasSize(1);
		assertThat(books.list("Invoice").get(0).text("ExternalGUID")).isNull();

		sessionsUntilIdle(company, books);

		// QuickBooks holds an invoice 7001 that may or may not be ours: a person decides, nothing is added blind
		assertThat(books.requestCount("InvoiceAddRq")).isEqualTo(1);
		assertThat(books.list("Invoice")).hasSize(1);
		assertThat(itemState(invoice)).isEqualTo("FAILED");
		assertThat(unsynced(company)).singleElement().satisfies((u) -> {
			assertThat(u).containsEntry("externalId", "INV-1").containsEntry("code", "LOST");
			assertThat((String) u.get("message")).contains("cannot tell whether it arrived",
					books.list("Invoice").get(0).text("TxnID"), "Clear ID");
		});
	}

	@Test
	void aRecordDeletedWhileItsAddWaitsInTheOutboxIsMadeInactiveRightAfterTheAdd() {
		TestCompany company = company("Deleted While Queued");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Aspen Glen\"}");
		scanAndApproveAll(company);
		assertThat(itemState(itemOf(company, "C-1"))).isEqualTo("PENDING");

		api().delete().uri("/api/companies/{id}/records/customers/C-1", company.id()).retrieve().toBodilessEntity();
		scan(company);
		List<Map<String, Object>> offered = exportItems(company);
		assertThat(offered).singleElement().satisfies((i) -> {
			assertThat(i).containsEntry("action", "INACTIVATE");
			assertThat((String) i.get("summary")).contains("once its Add has reached QuickBooks");
		});
		approve(company, ids(offered), "KEEP", Map.of());

		sessionsUntilIdle(company, books);

		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(books.list("Customer")).singleElement()
			.satisfies((c) -> assertThat(c.text("IsActive")).isEqualTo("false"));
		assertThat(linkOf(company, "CUSTOMERS", "C-1")).isEqualTo(books.list("Customer").get(0).text("ListID"));
		assertThat(unsynced(company)).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void anInvoiceWhoseCustomerWasClearedFailsNamingItAndFollowsItOnceTheCustomerGoes() {
		TestCompany company = company("Cleared Parent");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Hemlock Hollow\"}");
		put(company, "items", "I-1", "{\"name\": \"Hedging\", \"type\": \"SERVICE\", \"rate\": 70, \"incomeAccount\": \"Sales\"}");
		put(company, "invoices", "INV-1", "{\"number\": \"6001\", \"customer\": \"C-1\", \"date\": \"2026-11-24\", "
				+ "\"lines\": [{\"item\": \"I-1\", \"quantity\": 1, \"rate\": 70}]}");
		scan(company);
		long customer = itemOf(company, "C-1");
		List<Long> rest = ids(exportItems(company)).stream().filter((id) -> id != customer).toList();
		approve(company, rest, "CLEAR", Map.of());

		sessionsUntilIdle(company, books);

		// the invoice does not wait for good for a customer nobody sends: it fails, naming it
		assertThat(books.list("Invoice")).isEmpty();
		assertThat((List<Map<String, Object>>) syncs(company, "PENDING").get("items")).isEmpty();
		assertThat(unsynced(company)).singleElement().satisfies((u) -> {
			assertThat(u).containsEntry("externalId", "INV-1").containsEntry("code", "PARENT");
			assertThat((String) u.get("message")).contains("Hemlock Hollow", "was cleared");
		});

		// the admin takes the customer back and approves it: the invoice follows
		api().post()
			.uri("/api/companies/{id}/wizard/cleared/{item}/undo", company.id(), customer)
			.retrieve()
			.toBodilessEntity();
		approve(company, List.of(customer), "KEEP", Map.of());
		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).hasSize(1);
		assertThat(books.list("Invoice")).hasSize(1);
		assertThat(itemState(itemOf(company, "INV-1"))).isEqualTo("SUCCEEDED");
		assertThat(unsynced(company)).isEmpty();
	}

	@Test
	void aLaterChangeHeldBehindAnAddOfUnknownFateFailsSayingSoAndGoesOnceThatIsSettled() {
		TestCompany company = company("Behind Unknown");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Sumac Hill\"}");
		scanAndApproveAll(company);
		long first = itemOf(company, "C-1");
		session(company, books, RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		// as if the lookup could not tell: a person sees it under Unsynced Entities
		failAsLost(first);
		put(company, "customers", "C-1", "{\"name\": \"Sumac Hill\", \"phone\": \"919-555-0142\"}");
		scanAndApproveAll(company);
		long later = itemOf(company, "C-1");

		sessionsUntilIdle(company, books);

		// nothing waits unseen: the later change fails, saying what it waits for
		assertThat(itemState(later)).isEqualTo("FAILED");
		assertThat(item(later)).containsEntry("result_code", "EARLIER");
		assertThat((String) item(later).get("result_message")).contains("earlier change", "Resync");
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);

		// Resync looks the first Add up, finds it, and the later change follows as a change of that customer
		api().post().uri("/api/companies/{id}/unsynced/{item}/resync", company.id(), first).retrieve()
			.toBodilessEntity();
		sessionsUntilIdle(company, books);

		assertThat(itemState(first)).isEqualTo("SUCCEEDED");
		assertThat(itemState(later)).isEqualTo("SUCCEEDED");
		assertThat(books.requestCount("CustomerAddRq")).isEqualTo(1);
		assertThat(books.list("Customer")).singleElement()
			.satisfies((c) -> assertThat(c.text("Phone")).isEqualTo("919-555-0142"));
	}

	@Test
	void aDeleteApprovedAfterAnAddThatFailedIsWithdrawnNotSent() {
		TestCompany company = company("Deleted After Failure");
		FakeQuickBooks books = booksFor(company);
		put(company, "customers", "C-1", "{\"name\": \"Poplar Point\"}");
		scanAndApproveAll(company);
		api().delete().uri("/api/companies/{id}/records/customers/C-1", company.id()).retrieve().toBodilessEntity();
		scan(company);
		approve(company, ids(exportItems(company)), "KEEP", Map.of());
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Poplar Point\" in the Name field.");

		sessionsUntilIdle(company, books);

		assertThat(books.list("Customer")).isEmpty();
		assertThat(books.requestCount("CustomerModRq")).isZero();
		assertThat(this.jdbc.sql("SELECT state FROM wizard_items WHERE company_id = ? AND action = 'INACTIVATE'")
			.param(company.id())
			.query(String.class)
			.single()).isEqualTo("WITHDRAWN");
	}

}
