package io.qbsync.qbxml.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.qbsync.qbxml.status.GuideEntry.Kind;
import io.qbsync.qbxml.status.GuideEntry.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StatusGuideTests {

	private final StatusGuide guide = StatusGuide.standard();

	@Test
	void answersEveryCodeInBothReferenceTablesWithAClassAndPlainWords() {
		List<String> codes = Stream.concat(statusRows().stream(), hresultRows().stream()).map((row) -> row.get(0))
			.toList();
		assertThat(codes).hasSizeGreaterThan(70);
		for (String code : codes) {
			GuideEntry entry = this.guide.find(code).orElse(null);
			assertThat(entry).as(code).isNotNull();
			assertThat(entry.code()).as(code).isEqualTo(code);
			assertThat(entry.title()).as(code).isNotBlank();
			assertThat(entry.meaning()).as(code).isNotBlank();
			assertThat(entry.steps()).as(code).isNotEmpty().allSatisfy((step) -> assertThat(step).isNotBlank());
			assertThat(entry.handling()).as(code).isNotNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "PARENT", "EARLIER", "LOST", "LOOKUP", "LINKED" })
	void explainsTheCodesQbsyncFailsAnItemWithItself(String code) {
		GuideEntry entry = StatusGuide.standard().entryFor(code, "what the item's message says");
		assertThat(entry.kind()).isEqualTo(Kind.QBSYNC);
		assertThat(entry.title()).doesNotContain("does not list");
		assertThat(entry.inPlainWords()).doesNotContainIgnoringCase("support");
		assertThat(entry.steps()).isNotEmpty();
		assertThat(entry.rawMessage()).isEqualTo("what the item's message says");
		assertThat(StatusGuide.standard().explain(code, "m")).contains("(qbsync check " + code + " m)");
	}

	@Test
	void listsNoCodeTheReferenceTablesDoNotHave() {
		Set<String> codes = Stream.concat(statusRows().stream(), hresultRows().stream()).map((row) -> row.get(0))
			.collect(Collectors.toSet());
		assertThat(this.guide.entries()).extracting(GuideEntry::code).doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(codes);
	}

	@Test
	void keepsTheSeverityAndKindOfTheReferenceTables() {
		for (List<String> row : statusRows()) {
			GuideEntry entry = this.guide.find(row.get(0)).orElseThrow();
			assertThat(entry.kind()).as(row.get(0)).isEqualTo(Kind.QBXML_STATUS);
			assertThat(entry.severity()).as(row.get(0)).isEqualTo(Severity.parse(row.get(1)));
		}
		for (List<String> row : hresultRows()) {
			GuideEntry entry = this.guide.find(row.get(0)).orElseThrow();
			assertThat(entry.kind()).as(row.get(0)).isEqualTo(Kind.HRESULT);
			assertThat(entry.severity()).as(row.get(0)).isEqualTo(Severity.ERROR);
		}
	}

	@Test
	void saysSoWhereTheMeaningIsUnconfirmedAndNeverRetriesThoseOnItsOwn() {
		for (List<String> row : statusRows()) {
			String verified = row.get(5);
			GuideEntry entry = this.guide.find(row.get(0)).orElseThrow();
			if (!verified.equals("yes")) {
				assertThat(entry.support()).as(row.get(0)).containsAnyOf("not confirmed", "partly confirmed",
						"not found in any of our sources", "not in our sources");
			}
			if (verified.equals("no")) {
				assertThat(entry.handling()).as(row.get(0)).isIn(HandlingClass.NEEDS_PERSON, HandlingClass.BUG);
				assertThat(entry.refinements()).as(row.get(0)).isEmpty();
			}
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"0|null|Status OK|SUCCESS",
			"1|CustomerQuery|A query request did not find a matching object in QuickBooks|SUCCESS",
			"500|InvoiceQuery|The query request has not been fully completed.|WARNING",
			"3200|CustomerMod|The provided edit sequence \"12\" is out-of-date.|REFRESH_AND_RETRY",
			"3391|CustomerQuery|The iteratorID \"{abc}\" is not valid.|REFRESH_AND_RETRY",
			"3140|InvoiceAdd|There is an invalid reference to QuickBooks Customer \"Smith\" in the Invoice.|DEPENDENCY",
			"3100|CustomerAdd|The name \"Green Acres\" of the list element is already in use.|CHECK_DUPLICATE",
			"3100|CustomerAddRq|The name \"Green Acres\" of the list element is already in use.|CHECK_DUPLICATE",
			"3100|Add|The name \"Green Acres\" of the list element is already in use.|CHECK_DUPLICATE",
			"3100|CustomerMod|The name \"Green Acres\" of the list element is already in use.|NEEDS_PERSON",
			"3100|null|The name \"Green Acres\" of the list element is already in use.|NEEDS_PERSON",
			"3175|CustomerMod|null|RETRY_LATER",
			"3176|InvoiceMod|null|RETRY_LATER",
			"3170|CustomerMod|There was an error when modifying a Customer \"Smith\". QuickBooks error message: "
					+ "This list has been modified by another user.|RETRY_LATER",
			"3170|CustomerMod|There was an error when modifying a Customer \"Smith\". QuickBooks error message: "
					+ "The internals could not be locked.|RETRY_LATER",
			"3170|CustomerMod|There was an error when modifying a Customer \"Smith\". QuickBooks error message: "
					+ "The credit limit is too low.|NEEDS_PERSON",
			"3170|CustomerMod|null|NEEDS_PERSON",
			"3180|InvoiceAdd|There was an error when saving a Invoice. QuickBooks error message: This list element "
					+ "is in use.|RETRY_LATER",
			"3180|InvoiceAdd|There was an error when saving a Invoice. QuickBooks error message: Credit limit "
					+ "exceeded.|NEEDS_PERSON",
			"3180|CustomerAdd|There was an error when saving a Customer. QuickBooks error message: The name is "
					+ "already in use.|NEEDS_PERSON",
			"3171|InvoiceMod|null|NEEDS_PERSON",
			"3150|InvoiceAdd|There is a missing element: \"CustomerRef\".|BUG",
			"2015|null|null|NEEDS_PERSON",
			"0x80040400|null|QuickBooks found an error when parsing the provided XML text stream.|BUG",
			"0x8004041B|null|null|RETRY_LATER",
			"0x8004041b|null|null|RETRY_LATER",
			"8004041B|null|null|RETRY_LATER",
			"0x8004041D|null|null|NEEDS_PERSON" })
	void classifiesByCodeOperationAndMessage(String code, String operation, String message, HandlingClass expected) {
		assertThat(this.guide.classify(code, operation, message)).isEqualTo(expected);
	}

	@Test
	void findsCodesInEveryWrittenForm() {
		assertThat(this.guide.find(3200)).get().extracting(GuideEntry::code).isEqualTo("3200");
		assertThat(this.guide.find(" 3200 ")).get().extracting(GuideEntry::code).isEqualTo("3200");
		assertThat(this.guide.find("0x8004041b")).get().extracting(GuideEntry::code).isEqualTo("0x8004041B");
		assertThat(this.guide.find(" 0X8004041B ")).get().extracting(GuideEntry::code).isEqualTo("0x8004041B");
		assertThat(this.guide.find("8004041b")).get().extracting(GuideEntry::code).isEqualTo("0x8004041B");
		assertThat(this.guide.find("0x80040401")).get().extracting(GuideEntry::kind).isEqualTo(Kind.HRESULT);
		assertThat(this.guide.find(3201)).isEmpty();
		assertThat(this.guide.find((String) null)).isEmpty();
		assertThat(this.guide.find("not a code")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2000", "2001", "2015", "2040", "2000-2040", "2000 - 2040" })
	void answersAnyCodeInsideARangeWithTheRange(String code) {
		assertThat(this.guide.find(code)).get().extracting(GuideEntry::code).isEqualTo("2000-2040");
	}

	@Test
	void theRangeEndsWhereItSays() {
		assertThat(this.guide.find(1999)).isEmpty();
		assertThat(this.guide.find(2041)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"4242|ERROR|NEEDS_PERSON|QBXML_STATUS",
			"1001|ERROR|NEEDS_PERSON|QBXML_STATUS",
			"9999|ERROR|NEEDS_PERSON|QBXML_STATUS",
			"750|WARN|WARNING|QBXML_STATUS",
			"42|INFO|WARNING|QBXML_STATUS",
			"0x80049999|ERROR|NEEDS_PERSON|HRESULT",
			"QBWC1042|ERROR|NEEDS_PERSON|HRESULT",
			"-1|ERROR|NEEDS_PERSON|HRESULT",
			"null|ERROR|NEEDS_PERSON|HRESULT" })
	void anUnknownCodeGetsTheSafeDefaultWithQuickBooksOwnMessage(String code, Severity severity,
			HandlingClass handling, Kind kind) {
		assertThat(this.guide.find(code)).isEmpty();
		GuideEntry entry = this.guide.entryFor(code, "Something QuickBooks said.");

		assertThat(entry.handling()).isEqualTo(handling).isNotEqualTo(HandlingClass.SUCCESS);
		assertThat(entry.severity()).isEqualTo(severity);
		assertThat(entry.kind()).isEqualTo(kind);
		assertThat(entry.rawMessage()).isEqualTo("Something QuickBooks said.");
		assertThat(entry.meaning()).isNotBlank();
		assertThat(entry.steps()).isNotEmpty();
		assertThat(entry.support()).contains("Not in the status-code guide");
		assertThat(this.guide.classify(code, "CustomerAdd", "modified by another user")).isEqualTo(handling);
	}

	@Test
	void aKnownCodeLookedUpForAnAnswerCarriesItsMessageToo() {
		GuideEntry entry = this.guide.entryFor("3200", "The provided edit sequence \"12\" is out-of-date.");
		assertThat(entry.rawMessage()).isEqualTo("The provided edit sequence \"12\" is out-of-date.");
		assertThat(this.guide.find("3200")).get().extracting(GuideEntry::rawMessage).isNull();
	}

	@Test
	void explainsInOneParagraphWithTheCodeAndQuickBooksMessage() {
		assertThat(this.guide.explain("0x80040400", "QuickBooks found an error when parsing the provided XML text "
				+ "stream.")).contains("could not read")
			.contains("Contact qbsync support")
			.endsWith("(QuickBooks error 0x80040400 QuickBooks found an error when parsing the provided XML text "
					+ "stream.)");
		assertThat(this.guide.explain("0x8004041b", "")).contains("try again")
			.endsWith("(QuickBooks error 0x8004041B)");
		assertThat(this.guide.explain("0x8004041D", null)).contains("log in automatically")
			.contains("log in when QuickBooks is closed");
		assertThat(this.guide.explain("0x80049999", "raw")).contains("does not know")
			.endsWith("(QuickBooks error 0x80049999 raw)");
		assertThat(this.guide.explain("3175", "in use")).contains("try again")
			.endsWith("(QuickBooks status 3175 in use)");
	}

	@Test
	void searchesTextAndKind() {
		assertThat(this.guide.search("edit sequence", null)).extracting(GuideEntry::code).contains("3200");
		assertThat(this.guide.search("CLOSING DATE", null)).extracting(GuideEntry::code).contains("3171");
		assertThat(this.guide.search(null, Kind.HRESULT)).hasSize(hresultRows().size())
			.allSatisfy((e) -> assertThat(e.kind()).isEqualTo(Kind.HRESULT));
		assertThat(this.guide.search("", null)).hasSize(this.guide.entries().size());
		assertThat(this.guide.search("retry_later", Kind.QBXML_STATUS)).extracting(GuideEntry::code)
			.contains("1000", "3175", "3176");
		assertThat(this.guide.search("no such words anywhere", null)).isEmpty();
	}

	@Test
	void readsTheFormatAndNamesTheLineOfAProblem() {
		StatusGuide small = StatusGuide.parse("""
				# a comment
				[3100]
				severity: Error
				class: NEEDS_PERSON
				when-operation: Add => CHECK_DUPLICATE
				title: Name in use
				meaning: A long meaning
				  that continues here.
				step: One.
				step: Two.

				[0x8004041b]
				severity: error
				class: RETRY_LATER
				title: Busy
				meaning: Busy.
				step: Wait.
				""", "test");

		assertThat(small.entries()).extracting(GuideEntry::code).containsExactly("3100", "0x8004041B");
		GuideEntry entry = small.find(3100).orElseThrow();
		assertThat(entry.meaning()).isEqualTo("A long meaning that continues here.");
		assertThat(entry.steps()).containsExactly("One.", "Two.");
		assertThat(entry.support()).isEmpty();
		assertThat(entry.handlingFor("ItemServiceAdd", null)).isEqualTo(HandlingClass.CHECK_DUPLICATE);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> StatusGuide.parse("[1]\nseverity: Info\ncolour: red\n", "t"))
			.withMessageContaining("t line 3").withMessageContaining("colour");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StatusGuide.parse("[1]\nseverity: Info\nclass: SUCCESS\ntitle: t\nmeaning: m\n", "t"))
			.withMessageContaining("step");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> StatusGuide.parse("[1]\nseverity: Info\nclass: FINE\ntitle: t\nmeaning: m\nstep: s\n", "t"))
			.withMessageContaining("line 3").withMessageContaining("FINE");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StatusGuide.parse("[1]\nseverity: Info\nclass: SUCCESS\ntitle: t\nmeaning: m\nstep: s\n"
					+ "[01]\nseverity: Info\nclass: SUCCESS\ntitle: t\nmeaning: m\nstep: s\n", "t"))
			.withMessageContaining("already described on line 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StatusGuide.parse("[2010]\nseverity: Info\nclass: SUCCESS\ntitle: t\nmeaning: m\n"
					+ "step: s\n"
					+ "[2000-2040]\nseverity: Info\nclass: SUCCESS\ntitle: t\nmeaning: m\nstep: s\n", "t"))
			.withMessageContaining("inside the range");
		assertThatIllegalArgumentException().isThrownBy(() -> StatusGuide.parse("  stray\n", "t"))
			.withMessageContaining("line 1");
	}

	private static List<List<String>> statusRows() {
		return rows("/reference/qb-status-codes.csv");
	}

	private static List<List<String>> hresultRows() {
		return rows("/reference/qb-hresult-codes.csv");
	}

	/** The data rows of a reference CSV (header skipped), fields unquoted. */
	private static List<List<String>> rows(String resource) {
		try (InputStream in = StatusGuideTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((l) -> !l.isBlank())
				.toList();
			return lines.subList(1, lines.size()).stream().map(StatusGuideTests::fields).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One CSV line split into fields; quoted fields may hold commas and doubled quotes. */
	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
				field.append('"');
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

}
