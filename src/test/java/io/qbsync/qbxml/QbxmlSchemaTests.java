package io.qbsync.qbxml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema check itself: it passes Intuit-valid samples and catches what QuickBooks would refuse. */
class QbxmlSchemaTests {

	@ParameterizedTest
	@ValueSource(strings = { "customer-add.rq.xml", "customer-mod.rq.xml", "invoice-add.rq.xml", "invoice-mod.rq.xml",
			"receive-payment-add.rq.xml", "deleted-queries.rq.xml", "customer-query-start.rq.xml" })
	void acceptsValidSamples(String sample) throws IOException {
		String doc = read(sample);
		assertThatCode(() -> QbxmlSchema.validate(doc)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "invalid-invoice-line-amount-format.rq.xml", "invalid-missing-onerror.rq.xml" })
	void refusesInvalidSamples(String sample) throws IOException {
		String doc = read(sample);
		assertThatThrownBy(() -> QbxmlSchema.validate(doc)).isInstanceOf(AssertionError.class);
	}

	@Test
	void refusesElementsOutOfOrder() throws IOException {
		String valid = read("invoice-add.rq.xml");
		String txnDate = valid.substring(valid.indexOf("<TxnDate>"), valid.indexOf("</TxnDate>") + "</TxnDate>".length());
		String swapped = valid.replace(txnDate, "").replace("<CustomerRef>", txnDate + "<CustomerRef>");
		assertThatCode(() -> QbxmlSchema.validate(valid)).doesNotThrowAnyException();
		assertThatThrownBy(() -> QbxmlSchema.validate(swapped)).isInstanceOf(AssertionError.class);
	}

	private static String read(String sample) throws IOException {
		try (InputStream in = QbxmlSchemaTests.class.getResourceAsStream("/harness/samples/" + sample)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
