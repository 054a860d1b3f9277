package io.qbsync.webconnector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.qbsync.sandbox.SoapFault;
import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.qbxml.SecureXml;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The SOAP contract: every WSDL operation answers a valid SOAP response, and bad requests get faults, not 404s. */
class SoapContractTests extends IntegrationTest {

	private static final String NS = WebConnectorClient.NS;

	@ParameterizedTest
	@ValueSource(strings = { "serverVersion", "clientVersion", "authenticate", "sendRequestXML", "receiveResponseXML",
			"connectionError", "getLastError", "closeConnection", "getInteractiveURL", "interactiveDone",
			"interactiveRejected" })
	void everyOperationAnswersAWrappedResponseInTheIntuitNamespace(String operation) throws Exception {
		// with empty parameters: the Web Connector may leave any string parameter out
		SoapResponse response = wc().post(WebConnectorClient.soapActionFor(operation),
				WebConnectorClient.envelope(operation, Map.of()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.isTextXml()).isTrue();
		Document doc = parse(response.body());
		Element body = (Element) doc.getElementsByTagNameNS(SoapFault.SOAP11_NS, "Body").item(0);
		Element wrapper = firstElement(body);
		assertThat(wrapper.getNamespaceURI()).isEqualTo(NS);
		assertThat(wrapper.getLocalName()).isEqualTo(operation + "Response");
		Element result = firstElement(wrapper);
		assertThat(result.getNamespaceURI()).isEqualTo(NS);
		assertThat(result.getLocalName()).isEqualTo(operation + "Result");
	}

	@Test
	void authenticateAnswersStringItemsInTheIntuitNamespace() throws Exception {
		SoapResponse response = wc().post(WebConnectorClient.soapActionFor("authenticate"),
				WebConnectorClient.envelope("authenticate", Map.of("strUserName", "nobody", "strPassword", "x")));
		NodeList items = parse(response.body()).getElementsByTagNameNS(NS, "string");
		assertThat(items.getLength()).isEqualTo(2);
		assertThat(items.item(1).getTextContent()).isEqualTo("nvu");
	}

	@Test
	void aMissingSoapActionHeaderDoesNotMatter() {
		SoapResponse response = wc().post(null, WebConnectorClient.envelope("serverVersion", Map.of()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("serverVersionResult");
	}

	@Test
	void receiveResponseXmlWithAGarbageTicketIsNegativeAndChangesNothing() {
		TestCompany company = TestCompanies.create(api(), "Garbage");
		long doc = TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "g1"));
		WebConnectorClient wc = wc();
		assertThat(wc.sendRequestXML("garbage", "", "", "US", 13, 0)).isEmpty();
		assertThat(wc.receiveResponseXML("garbage", "<QBXML/>", "", "")).isNegative();
		assertThat(wc.connectionError("garbage", "0x80040408", "x")).isEqualToIgnoringCase("done");
		assertThat(wc.getLastError("garbage")).contains("does not recognise this Web Connector session");
		assertThat(wc.closeConnection("garbage")).contains("did not recognise");
		assertThat(wc.sendRequestXML("x".repeat(10_000), "", "", "US", 13, 0)).isEmpty();
		assertThat(state(company, doc)).isEqualTo("QUEUED");
	}

	@Test
	void interactiveModeIsDeclined() {
		WebConnectorClient wc = wc();
		assertThat(wc.getInteractiveURL("t", "s")).isEmpty();
		assertThat(wc.interactiveDone("t")).isEqualTo("DONE");
		assertThat(wc.interactiveRejected("t", "unattended")).isEqualTo("DONE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "this is not xml", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>",
			"<notsoap><authenticate/></notsoap>", "" })
	void unreadableBodiesGetASoapFaultNotAStackTrace(String body) {
		SoapResponse response = wc().post(WebConnectorClient.soapActionFor("authenticate"), body);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.isTextXml()).isTrue();
		assertThat(response.fault()).isPresent();
		assertThat(response.fault().get().faultString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	@Test
	void aDoctypeOrExternalEntityIsRefused() {
		TestCompany company = TestCompanies.create(api(), "Xxe");
		String body = """
				<?xml version="1.0"?>
				<!DOCTYPE soap:Envelope [<!ENTITY pw SYSTEM "file:///etc/passwd">]>
				<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
				<authenticate xmlns="http://developer.intuit.com/"><strUserName>%s</strUserName>
				<strPassword>&pw;</strPassword></authenticate></soap:Body></soap:Envelope>
				""".formatted(company.username());
		SoapResponse response = wc().post(WebConnectorClient.soapActionFor("authenticate"), body);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.fault()).isPresent();
		assertThat(response.fault().get().faultString()).contains("DOCTYPE");
		assertThat(response.body()).doesNotContain("root:");
	}

	@Test
	void anUnknownOperationGetsAClientFault() {
		String body = """
				<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
				<deleteEverything xmlns="http://developer.intuit.com/"/></soap:Body></soap:Envelope>
				""";
		SoapResponse response = wc().post("http://developer.intuit.com/deleteEverything", body);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.fault()).isPresent();
		assertThat(response.fault().get().faultCode()).endsWith("Client");
	}

	@Test
	void theWsdlIsServedAtTheEndpointWithThisServersAddress() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(endpoint() + "?wsdl")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).contains("xml"));
		Document wsdl = parse(response.body());
		NodeList operations = wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/", "operation");
		assertThat(operations.getLength()).isEqualTo(22); // 11 in the port type, 11 in the binding
		assertThat(response.body()).contains("<soap:address location=\"" + PUBLIC_URL + "/qbwc\" />");
	}

	@Test
	void theWsdlIsIntuitsWithOnlyTheInteractiveOperationsAdded() throws IOException {
		String ours = read("wsdl/QBWebConnectorSvc.wsdl");
		String reference = read("reference/qbwc.wsdl");
		String withoutAdditions = ours.replaceAll("(?s)<!-- qbsync: interactive mode operations -->.*?<!-- /qbsync -->\\n",
				"");
		assertThat(withoutAdditions).isEqualTo(reference);
		assertThat(ours).contains("name=\"getInteractiveURL\"", "name=\"interactiveDone\"", "name=\"interactiveRejected\"",
				"soapAction=\"http://developer.intuit.com/interactiveRejected\"");
	}

	private String state(TestCompany company, long doc) {
		Map<?, ?> body = api().get().uri("/api/companies/{c}/outbox/{d}", company.id(), doc).retrieve().body(Map.class);
		return (String) body.get("state");
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static Document parse(String xml) throws Exception {
		return SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

	private static Element firstElement(Element parent) {
		for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e) {
				return e;
			}
		}
		throw new AssertionError("no child element in " + parent.getLocalName());
	}

}
