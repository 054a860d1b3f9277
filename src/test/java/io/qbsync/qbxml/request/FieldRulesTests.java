package io.qbsync.qbxml.request;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.qbxml.QbxmlSchema;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.qbxml.request.FieldIssue.Rule;
import io.qbsync.qbxml.request.FieldIssue.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that break QuickBooks' rules are named, in words an admin understands, before anything is sent. */
class FieldRulesTests {

	private static final java.util.UUID ID = java.util.UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");

	private static final QbxmlVersion V13 = QbxmlVersion.of(13, 0);

	private final RequestWriter writer = new RequestWriter(V13, false);

	@Test
	void aNameTooLongIsRefusedWithRecordFieldLimitAndValue() {
		String name = "Green Acres Landscaping and Tree Service of Raleigh";
		QbxmlRequest add = this.writer.add(Entities.CUSTOMER, "c1", ID, Map.of("name", name));

		assertThat(add.sendable()).isFalse();
		FieldIssue issue = add.errors().get(0);
		assertThat(issue.rule()).isEqualTo(Rule.TOO_LONG);
		assertThat(issue.field()).isEqualTo("name");
		assertThat(issue.limit()).isEqualTo("41 characters");
		assertThat(issue.value()).isEqualTo(name);
		assertThat(issue.message()).startsWith("Customer \"" + name + "\": the name is 51 characters long")
			.contains("at most 41")
			.contains("Shorten it");
	}

	@Test
	void aCompanyThatAllowsTruncationGetsTheValueShortenedAndAWarning() {
		String name = "Green Acres Landscaping and Tree Service of Raleigh";
		QbxmlRequest add = new RequestWriter(V13, true).add(Entities.CUSTOMER, "c1", ID, Map.of("name", name));

		assertThat(add.sendable()).isTrue();
		assertThat(add.xml()).contains("<Name>" + name.substring(0, 41) + "</Name>");
		assertThat(add.issues()).singleElement().satisfies((issue) -> {
			assertThat(issue.severity()).isEqualTo(Severity.WARNING);
			assertThat(issue.rule()).isEqualTo(Rule.TRUNCATED);
			assertThat(issue.message()).contains("shortened to 41 characters");
		});
	}

	@Test
	void characterslatin1CannotHoldAreRefusedAndNamed() {
		QbxmlRequest add = this.writer.add(Entities.CUSTOMER, "c1", ID, Map.of("name", "Sunny Lawns \uD83C\uDF3B", "lastName",
				"Nguy\u1EC5n"));
		assertThat(add.sendable()).isFalse();
		assertThat(add.errors()).extracting(FieldIssue::field).containsExactlyInAnyOrder("name", "lastName");
		assertThat(add.errors()).allSatisfy((e) -> assertThat(e.rule()).isEqualTo(Rule.CHARACTERS));
		assertThat(add.errors().get(0).message()).contains("\uD83C\uDF3B").contains("cannot store");
	}

	@Test
	void typographicPunctuationBecomesPlainAndAccentsAreKept() {
		QbxmlRequest add = this.writer.add(Entities.CUSTOMER, "c1", ID,
				Map.of("name", "O\u2019Brien \u201CBest\u201D Lawn \u2013 Tree\u2026", "companyName", "Jard\u00EDn Pe\u00F1a", "lastName",
						"\uFF2D\uFF55\uFF4C\uFF4C\uFF45\uFF52"));
		assertThat(add.issues()).isEmpty();
		assertThat(add.xml()).contains("<Name>O'Brien \"Best\" Lawn - Tree...</Name>")
			.contains("<CompanyName>Jard\u00EDn Pe\u00F1a</CompanyName>")
			.contains("<LastName>Muller</LastName>");
		QbxmlSchema.validate(QbxmlMessage.render(V13, List.of(add)));
	}

	@Test
	void lineBreaksAreKeptInNotesButNotInNames() {
		assertThat(this.writer.add(Entities.CUSTOMER, "c1", ID, Map.of("name", "Acme", "notes", "Gate code 1234\nDog in yard"))
			.issues()).isEmpty();
		QbxmlRequest bad = this.writer.add(Entities.CUSTOMER, "c2", ID, Map.of("name", "Acme\nLawn"));
		assertThat(bad.errors()).singleElement().satisfies((e) -> assertThat(e.message()).contains("line break"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "12,50", "$12.50", "12.505", "1e3", "", "12345678901234.00" })
	void badAmountsAreRefused(String amount) {
		QbxmlRequest add = this.writer.add(Entities.RECEIVE_PAYMENT, "p1", ID,
				Map.of("customer", QbRef.id("80000001-1"), "reference", "CHK-881", "amount", amount));
		assertThat(add.sendable()).isFalse();
		assertThat(add.errors()).singleElement().satisfies((e) -> {
			assertThat(e.field()).isEqualTo("amount");
			assertThat(e.rule()).isEqualTo(Rule.FORMAT);
			assertThat(e.message()).startsWith("Payment \"CHK-881\": the amount");
		});
	}

	@Test
	void amountsAreWrittenWithTwoDecimalsAndRatesAsGiven() {
		Map<String, Object> invoice = new LinkedHashMap<>();
		invoice.put("customer", QbRef.id("80000001-1"));
		invoice.put(LineSpec.LINES, List.of(Map.of("item", QbRef.name("Mowing"), "quantity", "1.50", "rate",
				new BigDecimal("35.12500"))));
		assertThat(this.writer.add(Entities.INVOICE, "i1", ID, invoice).xml()).contains("<Quantity>1.5</Quantity>")
			.contains("<Rate>35.125</Rate>");
		assertThat(this.writer.add(Entities.RECEIVE_PAYMENT, "p1", ID, Map.of("customer", QbRef.id("1"), "amount", 100))
			.xml()).contains("<TotalAmount>100.00</TotalAmount>");
	}

	@Test
	void missingRequiredFieldsAreNamed() {
		QbxmlRequest invoice = this.writer.add(Entities.INVOICE, "i1", ID, Map.of("number", "1001", LineSpec.LINES,
				List.of(Map.of("item", QbRef.name("Mowing")))));
		assertThat(invoice.errors()).singleElement().satisfies((e) -> {
			assertThat(e.rule()).isEqualTo(Rule.REQUIRED);
			assertThat(e.field()).isEqualTo("customer");
			assertThat(e.message()).isEqualTo("Invoice \"1001\": the customer is missing, and QuickBooks needs it.");
		});
		QbxmlRequest item = this.writer.add(Entities.ITEM_SERVICE, "s1", ID, Map.of("name", "Stump Grinding"));
		assertThat(item.errors()).extracting(FieldIssue::field).containsExactly("incomeAccount");
		QbxmlRequest payment = this.writer.add(Entities.RECEIVE_PAYMENT, "p1", ID, Map.of("customer", QbRef.id("1"),
				LineSpec.LINES, List.of(Map.of("amount", "10"))));
		assertThat(payment.errors()).singleElement().satisfies((e) -> assertThat(e.record()).contains("line 1"));
	}

	@Test
	void badDatesAreRefused() {
		QbxmlRequest invoice = this.writer.add(Entities.INVOICE, "i1", ID, Map.of("customer", QbRef.id("1"), "date",
				"11/26/2026", "dueDate", "2026-02-30"));
		assertThat(invoice.errors()).extracting(FieldIssue::field).containsExactlyInAnyOrder("date", "dueDate");
		assertThat(invoice.errors()).allSatisfy((e) -> assertThat(e.message()).contains("2026-11-26"));
	}

	@Test
	void everyProblemOfARecordIsReportedAtOnce() {
		QbxmlRequest add = this.writer.add(Entities.CUSTOMER, "c1", ID,
				Map.of("name", "x".repeat(50), "phone", "919-555-0142 ext. 12345", "email", "a\u263A@b.example"));
		assertThat(add.errors()).extracting(FieldIssue::field).containsExactlyInAnyOrder("name", "phone", "email");
	}

}
