package io.qbsync.qbxml.request;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.qbsync.qbxml.QbxmlSchema;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every request the catalogue can produce validates against Intuit's qbXML 16.0 schema. */
class RequestWriterTests {

	private static final UUID ID = UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");

	private static final QbxmlVersion V16 = QbxmlVersion.of(16, 0);

	private final RequestWriter writer = new RequestWriter(V16, false);

	static List<EntityType> exported() {
		return Entities.all().stream().filter(EntityType::exports).toList();
	}

	static List<EntityType> all() {
		return Entities.all();
	}

	@ParameterizedTest
	@MethodSource("exported")
	void addsWithEveryFieldFilledAtItsLimitAreValid(EntityType type) {
		QbxmlRequest add = this.writer.add(type, "add-full", ID, full(type, true));
		assertThat(add.issues()).isEmpty();
		QbxmlSchema.validate(QbxmlMessage.render(V16, List.of(add)));
		assertThat(add.xml()).contains("<ExternalGUID>");
	}

	@ParameterizedTest
	@MethodSource("exported")
	void addsWithOnlyRequiredFieldsAreValid(EntityType type) {
		QbxmlRequest add = this.writer.add(type, "add-min", ID, minimal(type));
		assertThat(add.issues()).isEmpty();
		QbxmlSchema.validate(QbxmlMessage.render(V16, List.of(add)));
	}

	@ParameterizedTest
	@MethodSource("exported")
	void modsWithEveryFieldAndWithNoneAreValid(EntityType type) {
		Map<String, Object> values = full(type, false);
		QbxmlRequest full = this.writer.mod(type, "mod-full", "80000001-1700000000", "1700000001", values);
		QbxmlRequest none = this.writer.mod(type, "mod-none", "80000001-1700000000", "1700000001", Map.of());
		assertThat(full.issues()).isEmpty();
		QbxmlSchema.validate(QbxmlMessage.render(V16, List.of(full, none)));
		assertThat(none.xml()).contains("<EditSequence>1700000001</EditSequence>");
		assertThat(full.xml()).doesNotContain("ExternalGUID");
	}

	@ParameterizedTest
	@MethodSource("exported")
	void aCheckFindsWhatTheWrittenRequestFindsWithoutWritingIt(EntityType type) {
		for (boolean truncate : new boolean[] { false, true }) {
			RequestWriter writer = new RequestWriter(V16, truncate);
			for (Map<String, Object> values : List.of(broken(type, true), broken(type, false), Map.<String, Object>of())) {
				List<FieldIssue> add = writer.add(type, "add", ID, values).issues();
				List<FieldIssue> mod = writer.mod(type, "mod", "80000001-1700000000", "1700000001", values).issues();
				assertThat(writer.addIssues(type, values)).isEqualTo(add);
				assertThat(writer.modIssues(type, values)).isEqualTo(mod);
			}
			// not trivially equal: the broken values do break rules, and an Add without its required fields too
			assertThat(writer.addIssues(type, broken(type, true))).isNotEmpty();
			assertThat(writer.modIssues(type, broken(type, false))).isNotEmpty();
		}
	}

	@ParameterizedTest
	@MethodSource("all")
	void queriesOfEveryShapeAreValid(EntityType type) {
		List<QbxmlRequest> queries = new ArrayList<>();
		queries.add(this.writer.query(type, "q-ids", Query.byIds("80000001-1700000000", "80000002-1700000000")));
		queries.add(this.writer.query(type, "q-names", Query.byNames("Greenleaf Tree Care", "Acme")));
		Query modified = Query.modified(LocalDateTime.of(2026, 11, 1, 0, 0), LocalDateTime.of(2026, 11, 26, 9, 30))
			.includingInactive()
			.maxReturned(100)
			.withLineItems();
		queries.add(this.writer.query(type, "q-modified", modified));
		if (type.iterator()) {
			queries.add(this.writer.query(type, "q-start", modified.startIterator(100)));
			queries.add(this.writer.query(type, "q-continue",
					modified.startIterator(100).continueIterator("{3B1A6B23-7E1C-4C2A-9F17-1D0C5C0D9E11}")));
		}
		String message = QbxmlMessage.render(V16, queries);
		QbxmlSchema.validate(message);
		if (type.isList()) {
			assertThat(message).contains("<ActiveStatus>All</ActiveStatus>").contains("<FromModifiedDate>2026-11-01T00:00:00</FromModifiedDate>");
		}
		else {
			assertThat(message).contains("<ModifiedDateRangeFilter><FromModifiedDate>2026-11-01T00:00:00</FromModifiedDate>");
		}
	}

	@Test
	void aTypeWithoutIteratorsRefusesOne() {
		assertThatThrownBy(() -> this.writer.query(Entities.ACCOUNT, "q", Query.modified(null, null).startIterator(10)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("AccountQueryRq");
	}

	@Test
	void deletesAndDeletedObjectQueriesAreValid() {
		List<QbxmlRequest> requests = new ArrayList<>();
		for (EntityType type : exported()) {
			requests.add(this.writer.delete(type, "del-" + type.name(), "80000001-1700000000"));
		}
		List<EntityType> lists = all().stream().filter(EntityType::isList).toList();
		List<EntityType> transactions = all().stream().filter((t) -> !t.isList()).toList();
		LocalDateTime from = LocalDateTime.of(2026, 11, 25, 0, 0);
		requests.add(this.writer.deletedQuery(lists, "deleted-lists", from, from.plusDays(1)));
		requests.add(this.writer.deletedQuery(transactions, "deleted-txns", from, null));
		QbxmlSchema.validate(QbxmlMessage.render(V16, requests));
		assertThatThrownBy(() -> this.writer.deletedQuery(all(), "mixed", from, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void oneMessageCarriesManyRequestsOfEveryKind() {
		List<QbxmlRequest> requests = new ArrayList<>();
		int n = 0;
		for (EntityType type : all()) {
			if (type.exports()) {
				requests.add(this.writer.add(type, "r" + (++n), ID, full(type, true)));
				requests.add(this.writer.mod(type, "r" + (++n), "80000001-1700000000", "1", full(type, false)));
			}
			requests.add(this.writer.query(type, "r" + (++n), Query.modified(null, null).includingInactive()));
		}
		String message = QbxmlMessage.render(V16, requests);
		QbxmlSchema.validate(message);
		assertThat(message).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"16.0\"?>\n<QBXML>")
			.contains("<QBXMLMsgsRq onError=\"continueOnError\">");
		assertThat(requests).extracting(QbxmlRequest::requestId).doesNotHaveDuplicates();
	}

	@Test
	void fieldsTheVersionLacksAreLeftOut() {
		RequestWriter old = new RequestWriter(QbxmlVersion.of(7, 0), false);
		QbxmlRequest customer = old.add(Entities.CUSTOMER, "old", ID, full(Entities.CUSTOMER, true));
		assertThat(customer.xml()).doesNotContain("ExternalGUID").contains("<Notes>");
		QbxmlRequest older = new RequestWriter(QbxmlVersion.of(2, 0), false).add(Entities.CUSTOMER, "older", ID,
				full(Entities.CUSTOMER, true));
		assertThat(older.xml()).doesNotContain("<Notes>");
		QbxmlRequest invoice = new RequestWriter(QbxmlVersion.of(8, 0), false).add(Entities.INVOICE, "inv", ID,
				full(Entities.INVOICE, true));
		assertThat(invoice.xml()).doesNotContain("ExternalGUID");
		assertThat(this.writer.add(Entities.INVOICE, "inv", ID, full(Entities.INVOICE, true)).xml()).contains("ExternalGUID");
	}

	@Test
	void elementsComeOutInSchemaOrderWithReferencesByListIdFirst() {
		Map<String, Object> invoice = new LinkedHashMap<>();
		invoice.put("memo", "Fall cleanup");
		invoice.put("number", "1001");
		invoice.put("customer", new QbRef("80000012-1700000000", "Greenleaf"));
		invoice.put("date", LocalDate.of(2026, 11, 26));
		invoice.put(LineSpec.LINES, List.of(Map.of("rate", new BigDecimal("450"), "item", QbRef.name("Tree Removal"),
				"quantity", 2)));
		String xml = this.writer.add(Entities.INVOICE, "inv-1", ID, invoice).xml();
		assertThat(xml).isEqualTo("<InvoiceAddRq requestID=\"inv-1\"><InvoiceAdd>"
				+ "<CustomerRef><ListID>80000012-1700000000</ListID></CustomerRef><TxnDate>2026-11-26</TxnDate>"
				+ "<RefNumber>1001</RefNumber><Memo>Fall cleanup</Memo>"
				+ "<ExternalGUID>{6F9619FF-8B86-D011-B42D-00C04FC964FF}</ExternalGUID><InvoiceLineAdd><ItemRef><FullName>Tree Removal"
				+ "</FullName></ItemRef><Quantity>2</Quantity><Rate>450</Rate></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>");
	}

	@Test
	void aPaymentWithoutInvoicesIsAppliedByQuickBooks() {
		Map<String, Object> payment = Map.of("customer", QbRef.id("80000012-1700000000"), "amount", "120.5");
		String xml = this.writer.add(Entities.RECEIVE_PAYMENT, "pay-1", ID, payment).xml();
		assertThat(xml).contains("<TotalAmount>120.50</TotalAmount>").endsWith("<IsAutoApply>true</IsAutoApply></ReceivePaymentAdd></ReceivePaymentAddRq>");
		QbxmlSchema.validate(QbxmlMessage.render(V16, List.of(this.writer.add(Entities.RECEIVE_PAYMENT, "pay-1", ID, payment))));
	}

	@Test
	void invoiceModKeepsChangesAndAddsLines() {
		Map<String, Object> changes = Map.of("memo", "Updated", LineSpec.LINES,
				List.of(Map.of("txnLineId", "1B-1700000000", "quantity", 3), Map.of("item", QbRef.name("Mulch"),
						"quantity", new BigDecimal("2.5"), "rate", "39.99")));
		QbxmlRequest mod = this.writer.mod(Entities.INVOICE, "inv-mod", "1A-1700000000", "1700000009", changes);
		assertThat(mod.xml()).contains("<InvoiceLineMod><TxnLineID>1B-1700000000</TxnLineID><Quantity>3</Quantity></InvoiceLineMod>")
			.contains("<InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef><FullName>Mulch</FullName></ItemRef>");
		QbxmlSchema.validate(QbxmlMessage.render(V16, List.of(mod)));
	}

	@Test
	void importOnlyTypesAreNeverWritten() {
		assertThatThrownBy(() -> this.writer.add(Entities.ACCOUNT, "a", ID, Map.of("name", "Sales")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("only imported");
		assertThatThrownBy(() -> this.writer.delete(Entities.CLASS, "d", "80000001-1"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void requestIdsAreShortAndUnique() {
		assertThatThrownBy(() -> this.writer.query(Entities.CUSTOMER, "x".repeat(51), Query.byIds("1")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("50");
		QbxmlRequest one = this.writer.query(Entities.CUSTOMER, "same", Query.byIds("1"));
		assertThatThrownBy(() -> QbxmlMessage.render(V16, List.of(one, one))).hasMessageContaining("same");
	}

	/** Every mapped field filled at its limit, with Latin-1 accents in the text. */
	static Map<String, Object> full(EntityType type, boolean add) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Field field : add ? type.addFields() : type.modFields()) {
			values.put(field.name(), sample(field));
		}
		if (type.lines() != null) {
			List<Map<String, Object>> lines = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				Map<String, Object> line = new LinkedHashMap<>();
				for (Field field : add ? type.lines().addFields() : type.lines().modFields()) {
					line.put(field.name(), sample(field));
				}
				if (!add) {
					line.put(type.lines().modKey().name(), (i == 0) ? "1B-1700000000" : null);
					if (type.lines().newLineKey() == null) {
						line.put(type.lines().modKey().name(), "1A-170000000" + i);
					}
				}
				lines.add(line);
			}
			values.put(LineSpec.LINES, lines);
		}
		return values;
	}

	/** Every field, lines too, one character or digit past its limit, with a character Latin-1 lacks in the text. */
	static Map<String, Object> broken(EntityType type, boolean add) {
		Map<String, Object> values = full(type, add);
		values.replaceAll((name, value) -> overdone(value));
		Object lines = values.get(LineSpec.LINES);
		if (lines instanceof List<?> list) {
			list.forEach((line) -> castLine(line).replaceAll((name, value) -> name.equals(type.lines().modKey().name())
					? value : overdone(value)));
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castLine(Object line) {
		return (Map<String, Object>) line;
	}

	private static Object overdone(Object value) {
		if (value instanceof String text) {
			return text + "\u4e2d";
		}
		if (value instanceof BigDecimal amount) {
			return amount.movePointRight(4);
		}
		return value;
	}

	static Map<String, Object> minimal(EntityType type) {
		Map<String, Object> values = new LinkedHashMap<>();
		type.addFields().stream().filter(Field::required).forEach((f) -> values.put(f.name(), sample(f)));
		return values;
	}

	static Object sample(Field field) {
		return switch (field.kind()) {
			case TEXT -> accented(field.maxLength() > 0 ? field.maxLength() : 60);
			case BOOLEAN -> Boolean.TRUE;
			case AMOUNT -> new BigDecimal("1234567890123.45");
			case PRICE, QUANTITY, PERCENT -> new BigDecimal("1234567890.12345");
			case INTEGER -> 30;
			case DATE -> LocalDate.of(2026, 11, 26);
			case REF -> field.name().equals("customer") ? QbRef.id("80000012-1700000000") : QbRef.name(accented(field.maxLength()));
			case ID -> "1A-1700000000";
			case GUID -> UUID.randomUUID();
		};
	}

	/** Text of exactly {@code length} characters with accents QuickBooks keeps (Latin-1). */
	static String accented(int length) {
		String pattern = "Peña Müller Façade Crème ";
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			text.append(pattern);
		}
		return text.substring(0, length).replace(' ', 'x');
	}

}
