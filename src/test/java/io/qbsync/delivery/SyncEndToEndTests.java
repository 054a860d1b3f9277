package io.qbsync.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way, for two companies at once: 500 records of every export type each, scanned, approved, released and
 * delivered through the HTTP Web Connector harness to each company's fake QuickBooks.
 */
class SyncEndToEndTests extends SyncFixture {

	static final int N = 500;

	@Test
	void twoCompaniesWithEveryExportTypeEndUpInQuickBooksExactlyOnceAndLinked() {
		TestCompany north = company("North Lawn");
		TestCompany south = company("South Trees");
		FakeQuickBooks northBooks = booksFor(north);
		FakeQuickBooks southBooks = booksFor(south);
		load(north);
		load(south);

		scanAndApproveAll(north);
		scanAndApproveAll(south);
		int northSessions = sessionsUntilIdle(north, northBooks);
		int southSessions = sessionsUntilIdle(south, southBooks);

		for (FakeQuickBooks books : List.of(northBooks, southBooks)) {
			assertThat(books.list("Customer")).hasSize(N);
			assertThat(books.list("Vendor")).hasSize(N);
			assertThat(books.list("ItemService")).hasSize(N);
			assertThat(books.list("Invoice")).hasSize(N);
			assertThat(books.list("ReceivePayment")).hasSize(N);
			assertThat(books.rejections()).isEmpty();
		}
		// one company's records never reached the other's QuickBooks
		assertThat(northBooks.findByName("Customer", "North Lawn customer 7")).isPresent();
		assertThat(southBooks.findByName("Customer", "North Lawn customer 7")).isEmpty();
		for (TestCompany company : List.of(north, south)) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM singleops_records WHERE company_id = ? AND qb_id IS NULL")
				.param(company.id())
				.query(Long.class)
				.single()).isZero();
			assertThat(syncs(company, "SUCCEEDED")).containsEntry("total", 5 * N);
			assertThat(syncs(company, "PENDING")).containsEntry("total", 0);
			assertThat(syncs(company, "FAILED")).containsEntry("total", 0);
			// every link points at the object QuickBooks made for that record
			List<String> linked = this.jdbc.sql("SELECT qb_id FROM singleops_records WHERE company_id = ?")
				.param(company.id())
				.query(String.class)
				.list();
			assertThat(linked).doesNotHaveDuplicates();
		}
		// many requests per round trip: adds go out in documents of up to 250 requests
		int documents = northBooks.documentsReceived().size();
		int requests = northBooks.requestsReceived().size();
		assertThat(requests).isEqualTo(5 * N);
		assertThat(documents).isLessThanOrEqualTo(12);
		assertThat(requests / documents).isGreaterThanOrEqualTo(200);
		assertThat(northSessions + southSessions).isLessThanOrEqualTo(4);
	}

	private void load(TestCompany company) {
		String name = company.name();
		List<String[]> lines = new ArrayList<>();
		lines.addAll(lines("customers", 1, N, (i) -> "{\"name\": \"" + name + " customer " + i + "\", \"email\": \"c" + i
				+ "@example.test\"}"));
		lines.addAll(lines("vendors", 1, N, (i) -> "{\"name\": \"" + name + " vendor " + i + "\"}"));
		lines.addAll(lines("items", 1, N, (i) -> "{\"name\": \"Service " + i + "\", \"type\": \"SERVICE\", \"rate\": "
				+ (40 + i % 50) + ", \"incomeAccount\": \"Sales\"}"));
		lines.addAll(lines("invoices", 1, N, (i) -> "{\"number\": \"" + (1000 + i) + "\", \"customer\": \"C-" + i
				+ "\", \"date\": \"2026-11-20\", \"lines\": [{\"item\": \"I-" + i + "\", \"quantity\": 2, \"rate\": 45}]}"));
		lines.addAll(lines("payments", 1, N, (i) -> "{\"customer\": \"C-" + i + "\", \"date\": \"2026-11-25\", "
				+ "\"amount\": \"90.00\", \"reference\": \"P" + i + "\", \"appliedTo\": [{\"invoice\": \"I-" + i
				+ "\", \"amount\": \"90.00\"}]}"));
		bulk(company, lines);
	}

}
