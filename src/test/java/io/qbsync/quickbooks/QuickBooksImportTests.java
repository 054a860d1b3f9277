package io.qbsync.quickbooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.MutableClock;
import io.qbsync.sandbox.QbNode;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.ImportEnabled;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The QuickBooks change set: Web Connector sessions read QuickBooks' changes page by page into staging. */
@ImportEnabled
class QuickBooksImportTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ImportCursors cursors;

	private final MutableClock clock = MutableClock.at("2026-11-20T14:00:00Z");

	@Test
	void aFirstImportPagesThroughEveryTypeAndStagesEachObjectOnce() {
		TestCompany company = TestCompanies.create(api(), "Import All");
		FakeQuickBooks books = booksFor(company);
		for (int i = 0; i < 2100; i++) {
			books.seed("Customer", "<Name>Customer " + i + "</Name><Email>c" + i + "@example.test</Email>");
			this.clock.advanceSeconds(1);
		}
		books.seed("Account", "<Name>Landscaping Income</Name><AccountType>Income</AccountType>");
		books.seed("ItemService", "<Name>Mowing</Name><SalesOrPurchase><Price>45.00</Price></SalesOrPurchase>");

		Transcript run = run(company, books);

		assertThat(run.endReason()).as(run.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(run.finalProgress()).isEqualTo(100);
		assertThat(staged(company, "Customer")).isEqualTo(2100);
		assertThat(distinctStaged(company, "Customer")).isEqualTo(2100);
		assertThat(staged(company, "Account")).isEqualTo(1);
		assertThat(staged(company, "ItemService")).isEqualTo(1);
		assertThat(books.requestCount("CustomerQueryRq")).isEqualTo(5); // 2,100 in pages of 500
		assertThat(cursor(company, "Customer").state()).isEqualTo(ImportCursor.State.IDLE);
		assertThat(cursor(company, "Customer").cursorLocal()).isNotNull();
		assertThat(cursor(company, "Customer").completedAt()).isNotNull();
		String data = this.jdbc.sql("SELECT data FROM quickbooks_changes WHERE company_id = ? AND display_name = ?")
			.params(company.id(), "Customer 7")
			.query(String.class)
			.single();
		assertThat(data).contains("\"Email\":\"c7@example.test\"");

		// nothing new: the next session (once the interval has passed) stages nothing again
		makeDue(company);
		run(company, books);
		assertThat(staged(company, "Customer")).isEqualTo(2100);
	}

	@Test
	void aRecordModifiedAtTheCursorIsNeitherMissedNorStagedTwice() {
		TestCompany company = TestCompanies.create(api(), "Import Boundary");
		FakeQuickBooks books = booksFor(company);
		QbNode first = books.seed("Customer", "<Name>Boundary One</Name>");
		books.seed("Customer", "<Name>Boundary Two</Name>");
		run(company, books);
		assertThat(staged(company, "Customer")).isEqualTo(2);

		// same second as the cursor: a user edits one customer in QuickBooks
		books.userEdit(first.text("ListID"), "Phone", "919-555-0100");
		makeDue(company);
		run(company, books);

		assertThat(staged(company, "Customer")).isEqualTo(3);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM quickbooks_changes WHERE company_id = ? AND qb_id = ?")
			.params(company.id(), first.text("ListID"))
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void deletionsInQuickBooksAreStaged() {
		TestCompany company = TestCompanies.create(api(), "Import Deletes");
		FakeQuickBooks books = booksFor(company);
		QbNode gone = books.seed("Customer", "<Name>Gone Customer</Name>");
		run(company, books);
		books.userDelete(gone.text("ListID"));
		makeDue(company);

		run(company, books);

		Map<String, Object> deleted = this.jdbc.sql("""
				SELECT object_type, display_name, deleted FROM quickbooks_changes
				WHERE company_id = ? AND qb_id = ? AND deleted
				""").params(company.id(), gone.text("ListID")).query().singleRow();
		assertThat(deleted).containsEntry("object_type", "Customer").containsEntry("display_name", "Gone Customer");
	}

	@Test
	void anIterationCutOffByTheEndOfASessionStartsAgainWithoutDuplicates() {
		TestCompany company = TestCompanies.create(api(), "Import Cut");
		FakeQuickBooks books = booksFor(company);
		for (int i = 0; i < 1200; i++) {
			books.seed("Customer", "<Name>Cut " + i + "</Name>");
		}
		// the session dies after the first customer page (Account, Class, StandardTerms, ItemSalesTax,
		// ItemService, ItemNonInventory come first)
		Transcript cut = new WebConnectorRunner(new WebConnectorClient(endpoint()), books)
			.run(RunOptions.of(company.username(), company.password()).stopAfterPairs(7));
		assertThat(cut.endReason()).isEqualTo(Transcript.EndReason.STOPPED_BY_TEST);
		assertThat(staged(company, "Customer")).isEqualTo(500);
		assertThat(cursor(company, "Customer").state()).isEqualTo(ImportCursor.State.ITERATING);
		assertThat(cursor(company, "Customer").cursorLocal()).isNull();

		Transcript next = run(company, books);

		assertThat(next.endReason()).as(next.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(staged(company, "Customer")).isEqualTo(1200);
		assertThat(distinctStaged(company, "Customer")).isEqualTo(1200);
		assertThat(cursor(company, "Customer").state()).isEqualTo(ImportCursor.State.IDLE);
		assertThat(cursor(company, "Customer").cursorLocal()).isNotNull();
	}

	@Test
	void aPageWhoseAnswerIsLostIsAskedForAgainNotSkipped() {
		TestCompany company = TestCompanies.create(api(), "Import Lost Page");
		FakeQuickBooks books = booksFor(company);
		for (int i = 0; i < 1200; i++) {
			books.seed("Customer", "<Name>Lost " + i + "</Name>");
		}
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		String ticket = wc.authenticate(company.username(), company.password()).get(0);
		String doc = wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0);
		while (!doc.contains("CustomerQueryRq")) {
			wc.receiveResponseXML(ticket, books.handle(doc), "", "");
			doc = wc.sendRequestXML(ticket, "", books.companyFilePath(), "US", 13, 0);
		}
		assertThat(doc).contains("iterator=\"Start\"");
		wc.receiveResponseXML(ticket, books.handle(doc), "", "");
		String continuing = wc.sendRequestXML(ticket, "", books.companyFilePath(), "US", 13, 0);
		assertThat(continuing).contains("iterator=\"Continue\"");

		// the Web Connector asks for the next document without returning that page's answer
		String next = wc.sendRequestXML(ticket, "", books.companyFilePath(), "US", 13, 0);

		assertThat(next).contains("CustomerQueryRq").contains("iterator=\"Start\"");
		assertThat(cursor(company, "Customer").cursorLocal()).isNull();
	}

	@Test
	void exportsGoFirstAndTheImportFollowsInTheSameSession() {
		TestCompany company = TestCompanies.create(api(), "Import After Export");
		FakeQuickBooks books = booksFor(company);
		books.seed("Customer", "<Name>Existing</Name>");
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "export-first"));

		Transcript run = run(company, books);

		assertThat(run.requests().get(0)).contains("export-first");
		assertThat(run.requests()).hasSizeGreaterThan(1);
		assertThat(staged(company, "Customer")).isEqualTo(1);
		List<Map<String, Object>> outbox = api().get().uri("/api/companies/{id}/outbox", company.id()).retrieve()
			.body(List.class);
		assertThat(outbox).extracting((d) -> d.get("source")).contains("api", "import:Customer", "import:ListDeleted");
		assertThat(outbox).extracting((d) -> d.get("state")).containsOnly("ANSWERED");
	}

	@Test
	void noImportQueryGoesToACompanyFileWithoutThisCompanysFileId() {
		TestCompany company = TestCompanies.create(api(), "Import Unstamped");
		FakeQuickBooks unstamped = FakeQuickBooks.builder()
			.ownerId(company.ownerId())
			.fileId(null)
			.clock(this.clock)
			.supportedQbXmlVersions("12.0", "13.0")
			.build();
		unstamped.seed("Customer", "<Name>Not Ours</Name>");

		Transcript run = run(company, unstamped);

		assertThat(run.requests()).as(run.dump()).isEmpty();
		assertThat(unstamped.documentsReceived()).isEmpty();
		assertThat(run.lastError()).contains("FileID");
		assertThat(staged(company, "Customer")).isZero();
	}

	private FakeQuickBooks booksFor(TestCompany company) {
		return FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.clock(this.clock)
			.supportedQbXmlVersions("12.0", "13.0")
			.build();
	}

	private Transcript run(TestCompany company, FakeQuickBooks books) {
		return new WebConnectorRunner(new WebConnectorClient(endpoint()), books).run(company.username(),
				company.password());
	}

	/** As if the import interval had passed. */
	private void makeDue(TestCompany company) {
		this.jdbc.sql("UPDATE quickbooks_import_cursors SET completed_at = '2000-01-01' WHERE company_id = ?")
			.param(company.id())
			.update();
		this.clock.advance(Duration.ofSeconds(0));
	}

	private ImportCursor cursor(TestCompany company, String query) {
		return this.cursors.all(company.id()).stream().filter((c) -> c.query().equals(query)).findFirst().orElseThrow();
	}

	private long staged(TestCompany company, String type) {
		return this.jdbc.sql("SELECT COUNT(*) FROM quickbooks_changes WHERE company_id = ? AND object_type = ? AND NOT deleted")
			.params(company.id(), type)
			.query(Long.class)
			.single();
	}

	private long distinctStaged(TestCompany company, String type) {
		return this.jdbc.sql("SELECT COUNT(DISTINCT qb_id) FROM quickbooks_changes WHERE company_id = ? AND object_type = ?")
			.params(company.id(), type)
			.query(Long.class)
			.single();
	}

}
