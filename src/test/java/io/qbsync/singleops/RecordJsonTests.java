package io.qbsync.singleops;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.qbsync.system.FieldProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordJsonTests {

	@Test
	void theCanonicalFormKeepsTheDeclaredOrderAndDropsEmptyValues() {
		RecordParser.Parsed parsed = parse(RecordType.CUSTOMERS, """
				{"phone": "", "active": true, "name": "Ann Lee", "email": null,
				 "billingAddress": {"city": "Austin", "line1": "1 Oak St", "country": ""}, "notes": "Gate code 12"}
				""");
		assertThat(parsed.problems()).isEmpty();
		assertThat(RecordJson.canonical(parsed.body())).isEqualTo(
				"{\"name\":\"Ann Lee\",\"billingAddress\":{\"line1\":\"1 Oak St\",\"city\":\"Austin\"},\"active\":true,"
						+ "\"notes\":\"Gate code 12\"}");
	}

	@Test
	void moneyAndQuantitiesAreDecimalStringsAndDatesIso() {
		RecordParser.Parsed parsed = parse(RecordType.INVOICES, """
				{"customer": "C-1", "date": "2025-04-30", "number": "1001",
				 "lines": [{"item": "I-1", "quantity": 2.50000, "rate": "125"},
				           {"description": "Thank you", "quantity": 1E+1, "rate": -0.1}]}
				""");
		assertThat(parsed.problems()).isEmpty();
		assertThat(RecordJson.canonical(parsed.body())).isEqualTo("{\"number\":\"1001\",\"customer\":\"C-1\","
				+ "\"date\":\"2025-04-30\",\"lines\":[{\"item\":\"I-1\",\"quantity\":\"2.5\",\"rate\":\"125\"},"
				+ "{\"description\":\"Thank you\",\"quantity\":\"10\",\"rate\":\"-0.1\"}]}");
		RecordParser.Parsed payment = parse(RecordType.PAYMENTS, """
				{"customer": "C-1", "date": "2025-05-01", "amount": 100, "appliedTo": [{"invoice": "INV-1", "amount": "99.9"}]}
				""");
		assertThat(RecordJson.canonical(payment.body())).isEqualTo("{\"customer\":\"C-1\",\"date\":\"2025-05-01\","
				+ "\"amount\":\"100.00\",\"appliedTo\":[{\"invoice\":\"INV-1\",\"amount\":\"99.90\"}]}");
	}

	@Test
	void equalRecordsHaveEqualHashesWhateverTheirSpelling() {
		String a = RecordJson.canonical(parse(RecordType.ITEMS, """
				{"name": "Mowing", "type": "SERVICE", "rate": 45, "description": null}
				""").body());
		String b = RecordJson.canonical(parse(RecordType.ITEMS, """
				{"rate": "45.00000", "type": "SERVICE", "name": "Mowing", "incomeAccount": ""}
				""").body());
		String c = RecordJson.canonical(parse(RecordType.ITEMS, """
				{"rate": "45.5", "type": "SERVICE", "name": "Mowing"}
				""").body());
		assertThat(RecordJson.sha256(a)).isEqualTo(RecordJson.sha256(b)).hasSize(64).matches("[0-9a-f]{64}");
		assertThat(RecordJson.sha256(c)).isNotEqualTo(RecordJson.sha256(a));
	}

	@Test
	void everyProblemIsListedWithItsPath() {
		RecordParser.Parsed parsed = parse(RecordType.INVOICES, """
				{"customer": 12, "date": "2025-02-30", "dueDate": "30/04/2025", "memo": ["x"], "colour": "red",
				 "lines": [{"item": "I-1", "quantity": "1.123456", "rate": "abc"}, {}, "text",
				           {"item": "I/2", "qty": 1, "rate": 12345678901234}]}
				""");
		assertThat(parsed.problems()).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("colour", "customer", "date", "dueDate", "memo", "lines[0].quantity",
					"lines[0].rate", "lines[1]", "lines[2]", "lines[3].qty", "lines[3].item", "lines[3].rate");
		assertThat(parsed.problems()).allSatisfy((p) -> assertThat(p.message()).isNotBlank());
	}

	@Test
	void paymentsCannotApplyMoreThanTheyAreWorth() {
		RecordParser.Parsed parsed = parse(RecordType.PAYMENTS, """
				{"customer": "C-1", "date": "2025-05-01", "amount": "50.00", "appliedTo": [
				  {"invoice": "INV-1", "amount": 30}, {"invoice": "INV-2", "amount": 30.001}, {"invoice": "INV-1", "amount": 25}]}
				""");
		assertThat(parsed.problems()).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("appliedTo[1].amount", "appliedTo[2].invoice");
		parsed = parse(RecordType.PAYMENTS, """
				{"customer": "C-1", "date": "2025-05-01", "amount": "50.00", "appliedTo": [
				  {"invoice": "INV-1", "amount": 30}, {"invoice": "INV-2", "amount": 30}]}
				""");
		assertThat(parsed.problems()).extracting(FieldProblem::field).containsExactly("appliedTo");
	}

	@Test
	void referencesNameTheFieldsThatHoldThem() {
		RecordBody invoice = parse(RecordType.INVOICES, """
				{"customer": "C-1", "date": "2025-04-30", "lines": [{"description": "Note"}, {"item": "I-9"}]}
				""").body();
		assertThat(invoice.references()).containsExactly(new Reference("customer", RecordType.CUSTOMERS, "C-1"),
				new Reference("lines[1].item", RecordType.ITEMS, "I-9"));
	}

	@Test
	void storedRecordsReadBackToTheSameRecord() {
		RecordBody payment = parse(RecordType.PAYMENTS, """
				{"customer": "C-1", "date": "2025-05-01", "amount": 12.5, "method": "Check", "reference": "1234",
				 "appliedTo": [{"invoice": "INV-1", "amount": 12.5}]}
				""").body();
		assertThat(RecordJson.fromCanonical(RecordType.PAYMENTS, RecordJson.canonical(payment))).isEqualTo(payment);
	}

	@Test
	void inputMustBeOneStrictJsonValue() {
		for (String bad : List.of("{\"name\": \"a\", \"name\": \"b\"}", "{\"name\": \"a\"} {}", "{\"name\": ", "")) {
			byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
			assertThatThrownBy(() -> RecordJson.read(bytes, 0, bytes.length, "body"))
				.isInstanceOf(RecordJson.Unreadable.class);
		}
	}

	@Test
	void externalIdsArePrintableAndFitInAUrlSegment() {
		assertThat(ExternalIds.problem("C-1001")).isNull();
		assertThat(ExternalIds.problem("Café Ürban #7 (north)")).isNull();
		assertThat(ExternalIds.problem("x".repeat(100))).isNull();
		for (String bad : List.of("", " C-1", "C-1 ", "a/b", "a\\b", "a;b", "50%", "tab\there", "x".repeat(101), ".",
				"zero\u200bwidth")) {
			assertThat(ExternalIds.problem(bad)).as(bad).isNotNull();
		}
	}

	private static RecordParser.Parsed parse(RecordType type, String json) {
		return RecordParser.parse(type, RecordJson.read(json), "");
	}

}
