package io.qbsync.metrics;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tags read from qbXML documents stay bounded: unknown request types and codes are {@code other}. */
class QbxmlTrafficTests {

	@Test
	void everyRequestOfADocumentIsReadWithItsTypeAndUnknownTypesAreOther() {
		String document = """
				<?xml version="1.0" encoding="utf-8"?>
				<?qbxml version="13.0"?>
				<QBXML><QBXMLMsgsRq onError="continueOnError">
				<CustomerAddRq requestID="1"><CustomerAdd><Name>Oak</Name></CustomerAdd></CustomerAddRq>
				<InvoiceModRq requestID="2"><InvoiceMod><TxnID>1-1</TxnID></InvoiceMod></InvoiceModRq>
				<ListDelRq requestID="3"><ListDelType>Customer</ListDelType><ListID>8-1</ListID></ListDelRq>
				<SomethingMadeUp1Rq requestID="4"/>
				</QBXMLMsgsRq></QBXML>
				""";
		assertThat(QbxmlTraffic.requestTypes(document)).containsExactly("CustomerAdd", "InvoiceMod", "ListDel", "other");
	}

	@Test
	void unreadableDocumentsCountNothing() {
		assertThat(QbxmlTraffic.requestTypes("not xml")).isEmpty();
		assertThat(QbxmlTraffic.requestTypes(null)).isEmpty();
		assertThat(QbxmlTraffic.answers("<QBXML>")).isEmpty();
	}

	@Test
	void eachAnswerCarriesItsTypeCodeAndWhetherItFailed() {
		String response = """
				<?xml version="1.0" ?>
				<QBXML><QBXMLMsgsRs>
				<CustomerAddRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK"/>
				<CustomerAddRs requestID="2" statusCode="3090" statusSeverity="Error" statusMessage="bad name"/>
				<CustomerQueryRs requestID="3" statusCode="1" statusSeverity="Info" statusMessage="no match"/>
				<InvoiceAddRs requestID="4" statusCode="987654" statusSeverity="Error" statusMessage="?"/>
				<MadeUpThingRs requestID="5" statusCode="0" statusSeverity="Info"/>
				</QBXMLMsgsRs></QBXML>
				""";
		assertThat(QbxmlTraffic.answers(response)).containsExactly(
				new QbxmlTraffic.Answer("CustomerAdd", "0", false), new QbxmlTraffic.Answer("CustomerAdd", "3090", true),
				new QbxmlTraffic.Answer("CustomerQuery", "1", false), new QbxmlTraffic.Answer("InvoiceAdd", "other", true),
				new QbxmlTraffic.Answer("other", "0", false));
	}

	@Test
	void hresultsTheGuideKnowsAreTagsAndOthersAreOther() {
		assertThat(QbxmlTraffic.hresult("0x80040400")).isEqualTo("0x80040400");
		assertThat(QbxmlTraffic.hresult("0x8004041b")).isEqualTo("0x8004041B");
		assertThat(QbxmlTraffic.hresult("0x12345678")).isEqualTo("other");
		assertThat(List.of(QbxmlTraffic.hresult(null), QbxmlTraffic.hresult("junk"))).containsOnly("other");
	}

}
