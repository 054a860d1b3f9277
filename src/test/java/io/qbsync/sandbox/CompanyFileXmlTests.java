package io.qbsync.sandbox;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.qbsync.sandbox.HarnessTestSupport.customerAdd;
import static io.qbsync.sandbox.HarnessTestSupport.doc;
import static io.qbsync.sandbox.HarnessTestSupport.responses;
import static io.qbsync.sandbox.HarnessTestSupport.single;
import static org.assertj.core.api.Assertions.assertThat;

class CompanyFileXmlTests {

	private final MutableClock clock = MutableClock.at("2026-11-26T14:15:02Z");

	private FakeQuickBooks fake() {
		return FakeQuickBooks.builder().clock(this.clock).build();
	}

	@Test
	void aCompanyFileReadBackAnswersEveryQueryAsBefore() {
		FakeQuickBooks books = fake();
		QbNode kept = books.seed("Customer", "<Name>Maple &amp; Oak Estates</Name><Phone>555-0100</Phone>");
		QbNode gone = books.seed("Customer", "<Name>Gone Soon</Name>");
		books.seed("ItemService", "<Name>Mowing</Name>");
		this.clock.advanceSeconds(60);
		books.seed("Invoice", "<CustomerRef><FullName>Maple &amp; Oak Estates</FullName></CustomerRef>"
				+ "<InvoiceLineAdd><ItemRef><FullName>Mowing</FullName></ItemRef><Quantity>2</Quantity>"
				+ "<Rate>45.00</Rate></InvoiceLineAdd>");
		books.userEdit(kept.text("ListID"), "Phone", "555-0199");
		books.userDelete(gone.text("ListID"));

		String xml = CompanyFileXml.write(books);
		FakeQuickBooks reloaded = fake();
		CompanyFileXml.read(xml, reloaded);

		assertThat(CompanyFileXml.write(reloaded)).isEqualTo(xml);
		String queries = doc("<CustomerQueryRq requestID=\"1\" />", "<InvoiceQueryRq requestID=\"2\">"
				+ "<IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>",
				"<ListDeletedQueryRq requestID=\"3\"><ListDelType>Customer</ListDelType></ListDeletedQueryRq>");
		assertThat(reloaded.handle(queries)).isEqualTo(books.handle(queries));
		assertThat(reloaded.find(kept.text("ListID")).orElseThrow().text("EditSequence"))
			.isEqualTo(books.find(kept.text("ListID")).orElseThrow().text("EditSequence"));
	}

	@Test
	void aCompanyFileReadBackHandsOutNewIdsAndInvoiceNumbers() {
		FakeQuickBooks books = fake();
		QbNode first = single(books.handle(doc(customerAdd("1", "First Customer")))).child("CustomerRet").orElseThrow();
		books.seed("Invoice", "<CustomerRef><FullName>First Customer</FullName></CustomerRef>");

		FakeQuickBooks reloaded = fake();
		CompanyFileXml.read(CompanyFileXml.write(books), reloaded);
		List<QbNode> rs = responses(reloaded.handle(doc(customerAdd("2", "Second Customer"),
				"<InvoiceAddRq requestID=\"3\"><InvoiceAdd><CustomerRef><FullName>Second Customer</FullName>"
						+ "</CustomerRef></InvoiceAdd></InvoiceAddRq>")));

		String second = rs.get(0).child("CustomerRet").orElseThrow().text("ListID");
		assertThat(second).isNotEqualTo(first.text("ListID"));
		assertThat(rs.get(1).child("InvoiceRet").orElseThrow().text("RefNumber")).isEqualTo("2");
		assertThat(reloaded.list("Customer")).hasSize(2);
	}

	@Test
	void aNameQuickBooksRefusesStaysRefusedAfterAReload() {
		FakeQuickBooks books = fake();
		books.seed("Customer", "<Name>Taken Name</Name>");
		FakeQuickBooks reloaded = fake();
		CompanyFileXml.read(CompanyFileXml.write(books), reloaded);

		QbNode rs = single(reloaded.handle(doc(customerAdd("1", "taken name"))));

		assertThat(rs.attribute("statusCode")).isEqualTo("3100");
	}

}
