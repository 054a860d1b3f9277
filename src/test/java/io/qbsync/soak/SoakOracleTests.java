package io.qbsync.soak;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's oracle catches what it is there to catch, on fake QuickBooks files planted with the damage. */
class SoakOracleTests {

	private final FakeQuickBooks books = FakeQuickBooks.create();

	@Test
	void aCleanCompanyPasses() {
		QbNode customer = this.books.seed("Customer", "<Name>Oak Hill</Name><Email>a@oak.example</Email>"
				+ "<ExternalGUID>{11111111-1111-1111-1111-111111111111}</ExternalGUID>");

		assertThat(SoakOracle.check(List.of(company(Set.of(), List.of(record("C-1", customer, null)), List.of()))))
			.isEmpty();
	}

	@Test
	void twoObjectsForOneRecordAreCaught() {
		QbNode first = this.books.seed("Customer", "<Name>Oak Hill</Name><Email>a@oak.example</Email>"
				+ "<ExternalGUID>{11111111-1111-1111-1111-111111111111}</ExternalGUID>");
		// a blind re-send of a lost Add: the same record's Add went through twice (the fake refuses the same name)
		this.books.seed("Customer", "<Name>Oak Hill 2</Name><Email>a@oak.example</Email>"
				+ "<ExternalGUID>{11111111-1111-1111-1111-111111111111}</ExternalGUID>");

		List<SoakOracle.Violation> violations = SoakOracle
			.check(List.of(company(Set.of(), List.of(record("C-1", first, null)), List.of())));

		assertThat(violations).extracting(SoakOracle.Violation::invariant)
			.contains("NO_OBJECT_NO_ONE_MADE", "EXACTLY_ONCE");
	}

	@Test
	void twoInvoicesWithOurNumberAreCaught() {
		QbNode customer = this.books.seed("Customer", "<Name>Oak Hill</Name>");
		String ref = "<CustomerRef><ListID>" + customer.text("ListID") + "</ListID></CustomerRef><RefNumber>1001</RefNumber>";
		QbNode invoice = this.books.seed("Invoice", ref);
		QbNode twin = this.books.seed("Invoice", ref);

		List<SoakOracle.Violation> violations = SoakOracle.check(List.of(company(Set.of(),
				List.of(record("C-1", customer, null), invoice("INV-1", invoice, "1001"), invoice("INV-2", twin, "1001")),
				List.of())));

		assertThat(violations).extracting(SoakOracle.Violation::invariant).containsOnly("EXACTLY_ONCE_WITH_OUR_VALUES");
	}

	@Test
	void aRateOrMemoThatNeverReachedQuickBooksIsCaughtAndTheSameAmountWrittenOtherwiseIsNot() {
		QbNode item = this.books.seed("ItemService",
				"<Name>Mowing</Name><SalesOrPurchase><Price>45.00</Price></SalesOrPurchase>");
		QbNode customer = this.books.seed("Customer", "<Name>Oak Hill</Name>");
		QbNode invoice = this.books.seed("Invoice", "<CustomerRef><ListID>" + customer.text("ListID")
				+ "</ListID></CustomerRef><RefNumber>1001</RefNumber><Memo>memo 1</Memo>");
		SoakOracle.Record sameRate = new SoakOracle.Record("items", "I-1", false, item.text("ListID"),
				Map.of("name", "Mowing", "rate", "45"), null);
		SoakOracle.Record newerRate = new SoakOracle.Record("items", "I-1", false, item.text("ListID"),
				Map.of("name", "Mowing", "rate", "60"), null);
		SoakOracle.Record newerMemo = new SoakOracle.Record("invoices", "INV-1", false, invoice.text("TxnID"),
				Map.of("number", "1001", "memo", "memo 2"), null);

		Set<String> byBookkeeper = Set.of(customer.text("ListID"), invoice.text("TxnID"));
		assertThat(SoakOracle.check(List.of(company(byBookkeeper, List.of(sameRate), List.of())))).isEmpty();
		assertThat(SoakOracle.check(List.of(company(byBookkeeper, List.of(newerRate, newerMemo), List.of()))))
			.extracting(SoakOracle.Violation::detail)
			.hasSize(2)
			.anySatisfy((d) -> assertThat(d).contains("rate '60'").contains("'45.00'"))
			.anySatisfy((d) -> assertThat(d).contains("memo 'memo 2'").contains("'memo 1'"));
	}

	@Test
	void anObjectOfferedAsNewAndLinkedToAnExistingRecordIsAHostDuplicate() {
		QbNode theirs = this.books.seed("Customer", "<Name>Oak Hill</Name>");
		SoakOracle.Record linked = record("C-1", theirs, null);
		SoakOracle.Record madeFromFeed = new SoakOracle.Record("customers", "Q-1", false, null,
				Map.of("name", "Oak Hill"), theirs.text("ListID"));

		List<SoakOracle.Violation> violations = SoakOracle.check(List.of(company(Set.of(theirs.text("ListID")),
				List.of(linked, madeFromFeed), List.of(new SoakOracle.FeedEntry(1, "NEW_IN_QUICKBOOKS", "Customer",
						theirs.text("ListID"), null)))));

		assertThat(violations).extracting(SoakOracle.Violation::invariant).contains("HOST_GETS_NO_DUPLICATE");
	}

	@Test
	void aRecordLeftNeitherSyncedNorFailedNorClearedIsCaught() {
		SoakOracle.Record lost = new SoakOracle.Record("customers", "C-9", false, null, Map.of("name", "Elm Court"),
				null);

		assertThat(SoakOracle.check(List.of(company(Set.of(), List.of(lost), List.of()))))
			.extracting(SoakOracle.Violation::invariant)
			.containsExactly("EVERY_RECORD_SETTLED");
	}

	@Test
	void aRecordLinkedToAnotherCompanysObjectIsCaught() {
		FakeQuickBooks other = FakeQuickBooks.builder().idBase(0x1000000L).build();
		QbNode elsewhere = other.seed("Customer", "<Name>Oak Hill</Name>");
		SoakOracle.Company mine = company(Set.of(), List.of(record("C-1", elsewhere, null)), List.of());
		SoakOracle.Company theirs = new SoakOracle.Company(1, 2, SoakWorld.objectsOf(other),
				Set.of(elsewhere.text("ListID")), Set.of(), List.of(), List.of(), List.of(), List.of(), Set.of(),
				Set.of());

		assertThat(SoakOracle.check(List.of(mine, theirs))).extracting(SoakOracle.Violation::invariant)
			.containsExactly("NO_CROSSING_COMPANIES");
	}

	private SoakOracle.Company company(Set<String> byBookkeeper, List<SoakOracle.Record> records,
			List<SoakOracle.FeedEntry> feed) {
		return new SoakOracle.Company(0, 1, SoakWorld.objectsOf(this.books), byBookkeeper, Set.of(), records, feed,
				List.of(), List.of(), Set.of(), Set.of());
	}

	private static SoakOracle.Record record(String externalId, QbNode object, String fromFeed) {
		Map<String, String> values = (object.text("Email") != null)
				? Map.of("name", object.text("Name"), "email", object.text("Email")) : Map.of("name", object.text("Name"));
		return new SoakOracle.Record("customers", externalId, false, object.text("ListID"), values, fromFeed);
	}

	private static SoakOracle.Record invoice(String externalId, QbNode object, String number) {
		return new SoakOracle.Record("invoices", externalId, false, object.text("TxnID"), Map.of("number", number), null);
	}

}
