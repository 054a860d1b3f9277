package io.qbsync.sandbox;

import java.math.BigDecimal;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import io.qbsync.sandbox.SandboxService.InvoiceFields;
import io.qbsync.sandbox.SandboxService.InvoiceLine;
import io.qbsync.system.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requests the bookkeeper's invoice changes go into the sandbox's QuickBooks as are valid qbXML 16: a fake that
 * checks every document against the schema takes them, names and ListIDs alike.
 */
class SandboxBookkeeperRequestsTests {

	private FakeQuickBooks books;

	@BeforeEach
	void validatingQuickBooks() throws Exception {
		Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
			.newSchema(SandboxBookkeeperRequestsTests.class.getResource("/qbxml/xsd/qbxmlops160.xsd"));
		this.books = FakeQuickBooks.builder().clock(MutableClock.at("2026-05-04T14:00:00Z")).schema(schema).build();
		this.books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		this.books.seed("ItemService", "<Name>Mowing</Name><SalesOrPurchase><Price>45.00</Price></SalesOrPurchase>");
		this.books.seed("Customer", "<Name>Birch Lane HOA</Name>");
	}

	@Test
	void anInvoiceIsAddedEditedAndDeletedThroughSchemaValidRequests() {
		String item = this.books.findByName("ItemService", "Mowing").orElseThrow().text("ListID");
		QbNode added = BookkeeperRequests.bookkeeper(this.books, BookkeeperRequests.invoiceAdd(this.books,
				new InvoiceFields("Birch Lane HOA", "7001", "2026-05-04", "May mowing",
						List.of(new InvoiceLine(item, new BigDecimal("2"), new BigDecimal("45.5")),
								new InvoiceLine("Mowing", null, null)))));
		assertThat(added.text("RefNumber")).isEqualTo("7001");
		assertThat(added.text("Subtotal")).isEqualTo("136.00");

		QbNode edited = BookkeeperRequests.bookkeeper(this.books, BookkeeperRequests.invoiceMod(added.text("TxnID"),
				added.text("EditSequence"), new InvoiceFields(null, "7002", "2026-05-05", "June too", null)));
		assertThat(edited.text("RefNumber")).isEqualTo("7002");
		assertThat(edited.text("TxnDate")).isEqualTo("2026-05-05");
		assertThat(edited.text("Memo")).isEqualTo("June too");

		BookkeeperRequests.bookkeeper(this.books, BookkeeperRequests.invoiceDel(added.text("TxnID")));
		assertThat(this.books.list("Invoice")).isEmpty();
		assertThat(this.books.rejections()).isEmpty();
	}

	@Test
	void aStaleEditIsQuickBooksOwnConflict() {
		QbNode added = BookkeeperRequests.bookkeeper(this.books, BookkeeperRequests.invoiceAdd(this.books,
				new InvoiceFields("Birch Lane HOA", null, null, null, List.of(new InvoiceLine("Mowing", null, null)))));
		this.books.userEdit(added.text("TxnID"), "Memo", "changed meanwhile");

		assertThatThrownBy(() -> BookkeeperRequests.bookkeeper(this.books, BookkeeperRequests.invoiceMod(added.text("TxnID"),
				added.text("EditSequence"), new InvoiceFields(null, null, null, "late", null))))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getMessage()).contains("3200"));
		assertThat(this.books.rejections()).isEmpty();
	}

}
