package io.qbsync.qbxml;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.qbxml.entity.RecordReader;
import io.qbsync.qbxml.request.QbxmlMessage;
import io.qbsync.qbxml.request.Query;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.response.QbResponse;
import io.qbsync.qbxml.response.QbxmlResponseReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole translation layer: our values become requests, a QuickBooks company answers, and the answers read back
 * into the same values under our field names.
 */
class RoundTripTests {

	private static final QbxmlVersion V13 = QbxmlVersion.of(13, 0);

	private final RequestWriter writer = new RequestWriter(V13, false);

	private final FakeQuickBooks books = FakeQuickBooks.create();

	@Test
	void aCustomerAnInvoiceAndAPaymentComeBackAsSent() {
		Map<String, Object> customer = new LinkedHashMap<>();
		customer.put("name", "Pe\u00F1a Tree Care");
		customer.put("companyName", "Pe\u00F1a Tree Care LLC");
		customer.put("billingAddress.line1", "12 Oak St");
		customer.put("billingAddress.city", "Raleigh");
		customer.put("email", "office@pena.example");
		UUID customerId = UUID.randomUUID();
		QbObject added = only(send(this.writer.add(Entities.CUSTOMER, "c1", customerId, customer)));
		assertThat(added.externalGuid()).isEqualToIgnoringCase("{" + customerId + "}");
		Map<String, Object> customerBack = read(Entities.CUSTOMER, added);
		assertThat(customerBack).containsAllEntriesOf(customer);

		this.books.seed("ItemService", "<Name>Tree Removal</Name><SalesOrPurchase><Price>450.00</Price></SalesOrPurchase>");
		Map<String, Object> invoice = new LinkedHashMap<>();
		invoice.put("customer", QbRef.id(added.listId()));
		invoice.put("date", LocalDate.of(2026, 11, 26));
		invoice.put("number", "1001");
		invoice.put("memo", "Front yard oak");
		invoice.put(LineSpec.LINES, List.of(Map.of("item", QbRef.name("Tree Removal"), "quantity", new BigDecimal("2"),
				"rate", new BigDecimal("450"))));
		QbObject invoiceAdded = only(send(this.writer.add(Entities.INVOICE, "i1", UUID.randomUUID(), invoice)));
		Map<String, Object> invoiceBack = read(Entities.INVOICE, invoiceAdded);
		assertThat(invoiceBack).containsEntry("number", "1001")
			.containsEntry("date", LocalDate.of(2026, 11, 26))
			.containsEntry("memo", "Front yard oak");
		assertThat(((QbRef) invoiceBack.get("customer")).listId()).isEqualTo(added.listId());
		List<Map<String, Object>> lines = (List<Map<String, Object>>) invoiceBack.get(LineSpec.LINES);
		assertThat(lines).singleElement().satisfies((line) -> {
			assertThat(((QbRef) line.get("item")).fullName()).isEqualTo("Tree Removal");
			assertThat((BigDecimal) line.get("quantity")).isEqualByComparingTo("2");
			assertThat((BigDecimal) line.get("amount")).isEqualByComparingTo("900");
			assertThat(line).containsKey("txnLineId");
		});

		Map<String, Object> payment = Map.of("customer", QbRef.id(added.listId()), "amount", "900", "reference",
				"CHK-1", LineSpec.LINES, List.of(Map.of("invoice", invoiceAdded.txnId(), "amount", "900.00")));
		QbObject paid = only(send(this.writer.add(Entities.RECEIVE_PAYMENT, "p1", UUID.randomUUID(), payment)));
		Map<String, Object> paymentBack = read(Entities.RECEIVE_PAYMENT, paid);
		assertThat((BigDecimal) paymentBack.get("amount")).isEqualByComparingTo("900");
		assertThat((List<Map<String, Object>>) paymentBack.get(LineSpec.LINES)).singleElement()
			.satisfies((line) -> assertThat(line.get("invoice")).isEqualTo(invoiceAdded.txnId()));

		// and a modified-date query finds all three, with EditSequences for the next Mod
		List<QbResponse> query = send(this.writer.query(Entities.INVOICE, "q1",
				Query.modified(null, null).withLineItems()));
		assertThat(query.get(0).objects()).singleElement()
			.satisfies((o) -> assertThat(o.editSequence()).isNotBlank());
	}

	private List<QbResponse> send(io.qbsync.qbxml.request.QbxmlRequest request) {
		assertThat(request.issues()).isEmpty();
		String document = QbxmlMessage.render(V13, List.of(request));
		QbxmlSchema.validate(document);
		List<QbResponse> responses = QbxmlResponseReader.readAll(this.books.handle(document));
		assertThat(responses).allSatisfy((r) -> assertThat(r.status().statusCode()).as(r.status().statusMessage()).isZero());
		return responses;
	}

	private static QbObject only(List<QbResponse> responses) {
		assertThat(responses).hasSize(1);
		assertThat(responses.get(0).objects()).hasSize(1);
		return responses.get(0).objects().get(0);
	}

	private static Map<String, Object> read(EntityType type, QbObject object) {
		List<RecordReader.LineFields> lines = (type.lines() == null) ? List.of()
				: object.lines(type.lines().retElement())
					.stream()
					.map((l) -> new RecordReader.LineFields(l.txnLineId(), l.fields()))
					.toList();
		return RecordReader.read(type, object.fields(), lines);
	}

}
