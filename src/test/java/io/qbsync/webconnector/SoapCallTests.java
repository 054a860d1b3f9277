package io.qbsync.webconnector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;

import io.qbsync.qbxml.SecureXml;
import io.qbsync.sandbox.WebConnectorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.ws.soap.SoapVersion;
import org.springframework.ws.soap.saaj.SaajSoapMessage;
import org.springframework.ws.soap.saaj.SaajSoapMessageFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope read and written without SAAJ: the Web Connector's calls read as Spring-WS reads them, anything
 * unusual left to Spring-WS, and answers written byte for byte as SAAJ writes them.
 */
class SoapCallTests {

	private static final String TEXT_XML = "text/xml; charset=utf-8";

	private static final String QBXML = "<?xml version=\"1.0\" ?>\r\n<?qbxml version=\"13.0\"?>\r\n<QBXMLMsgsRs>"
			+ "<CustomerAddRs requestID=\"7\" statusCode=\"0\" statusSeverity=\"Info\" statusMessage=\"Status OK\">"
			+ "<CustomerRet><Name>Tom's &amp; \"Jerry\" Café</Name></CustomerRet></CustomerAddRs></QBXMLMsgsRs>";

	@Test
	void readsTheEnvelopeTheWebConnectorSends() {
		String body = WebConnectorClient.envelope("receiveResponseXML",
				ordered("ticket", "t-1", "response", QBXML, "hresult", "", "message", ""));
		SoapCall call = SoapCall.read(TEXT_XML, bytes(body)).orElseThrow();
		assertThat(call.operation()).isEqualTo("receiveResponseXML");
		assertThat(call.text("ticket")).isEqualTo("t-1");
		assertThat(call.text("response")).isEqualTo(QBXML);
		assertThat(call.text("hresult")).isEmpty();
		assertThat(call.text("absent")).isEmpty();
		assertThat(call).isEqualTo(springWsReading(body));
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// other prefixes, an empty header, a declaration, whitespace and comments between elements
			"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
					+ "\n  <s:Header/>\n  <s:Body>\n    <!-- a comment -->\n    <sendRequestXML xmlns=\"http://developer.intuit.com/\">"
					+ "\n      <ticket>abc</ticket>\n      <qbXMLMajorVers> 13 </qbXMLMajorVers>\n    </sendRequestXML>\n  </s:Body>\n</s:Envelope>\n",
			// the Intuit namespace by prefix, the envelope's by default
			"<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><i:sendRequestXML "
					+ "xmlns:i=\"http://developer.intuit.com/\"><i:ticket>abc</i:ticket><i:strHCPResponse>&lt;QBXML&gt;"
					+ "&#13;&#x0A;&amp;</i:strHCPResponse></i:sendRequestXML></Body></Envelope>",
			// CDATA, text split by a comment, an empty and a nil parameter, a repeated one (the first counts)
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
					+ "<soap:Body><receiveResponseXML xmlns=\"http://developer.intuit.com/\"><ticket>ab<!-- x -->c</ticket>"
					+ "<response><![CDATA[<QBXML>&amp;</QBXML>]]> and &lt;more&gt;</response><hresult/>"
					+ "<message xsi:nil=\"true\"/><ticket>second</ticket></receiveResponseXML></soap:Body></soap:Envelope>",
			// an operation with no parameters at all
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
					+ "<serverVersion xmlns=\"http://developer.intuit.com/\" /></soap:Body></soap:Envelope>" })
	void readsWhatSpringWsReads(String body) {
		Optional<SoapCall> call = SoapCall.read(TEXT_XML, bytes(body));
		assertThat(call).contains(springWsReading(body));
	}

	@Test
	void charactersAndEntitiesReadAsTheirText() {
		String body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
				+ "<receiveResponseXML xmlns=\"http://developer.intuit.com/\"><response>&lt;a b=&quot;c&quot;&gt;&apos;"
				+ "&#233;&#x20AC;\u00e9\r\n<![CDATA[&lt;]]></response></receiveResponseXML></soap:Body></soap:Envelope>";
		assertThat(SoapCall.read("text/xml", bytes(body)).orElseThrow().text("response"))
			.isEqualTo("<a b=\"c\">'\u00e9\u20ac\u00e9\n&lt;");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// not well-formed, not SOAP, empty
			"this is not xml", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>",
			"<notsoap><authenticate/></notsoap>", "",
			// a DOCTYPE, an entity
			"<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY pw SYSTEM \"file:///etc/passwd\">]>"
					+ "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><response>&pw;</response></receiveResponseXML></soap:Body></soap:Envelope>",
			// SOAP 1.2's envelope
			"<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"/></env:Body></env:Envelope>",
			// a header entry (it may have to be understood)
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header><x:note xmlns:x=\"urn:x\" "
					+ "soap:mustUnderstand=\"1\"/></soap:Header><soap:Body><receiveResponseXML xmlns=\"http://developer.intuit.com/\"/>"
					+ "</soap:Body></soap:Envelope>",
			// an operation outside the Intuit namespace, two operations, an element inside a parameter
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML/>"
					+ "</soap:Body></soap:Envelope>",
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"/><closeConnection xmlns=\"http://developer.intuit.com/\"/>"
					+ "</soap:Body></soap:Envelope>",
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><response><QBXML/></response></receiveResponseXML>"
					+ "</soap:Body></soap:Envelope>",
			// text beside the elements, something after the body, another encoding declared
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>text<receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"/></soap:Body></soap:Envelope>",
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"/></soap:Body><extra/></soap:Envelope>",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
					+ "<soap:Body><receiveResponseXML xmlns=\"http://developer.intuit.com/\"/></soap:Body></soap:Envelope>" })
	void leavesAnythingUnusualToSpringWs(String body) {
		assertThat(SoapCall.read(TEXT_XML, bytes(body))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/soap+xml; charset=utf-8", "text/xml; charset=iso-8859-1",
			"multipart/related; type=\"text/xml\"", "text/plain" })
	void leavesOtherContentTypesToSpringWs(String contentType) {
		String body = WebConnectorClient.envelope("closeConnection", Map.of("ticket", "t"));
		assertThat(SoapCall.read(contentType, bytes(body))).isEmpty();
		assertThat(SoapCall.read(null, bytes(body))).isEmpty();
		assertThat(SoapCall.read("TEXT/XML;charset=\"UTF-8\"", bytes(body))).isPresent();
	}

	@Test
	void answersAreTheBytesSaajWrites() throws Exception {
		SaajSoapMessageFactory factory = new SaajSoapMessageFactory();
		factory.setSoapVersion(SoapVersion.SOAP_11);
		factory.afterPropertiesSet();
		StringBuilder everyCharacter = new StringBuilder();
		for (int c = 1; c < 0xFFFE; c++) {
			if (!Character.isSurrogate((char) c)) {
				everyCharacter.append((char) c);
			}
		}
		everyCharacter.appendCodePoint(0x1F600).appendCodePoint(0x10FFFD);
		for (String value : new String[] { "", "-1", "100", QBXML, everyCharacter.toString() }) {
			SaajSoapMessage message = factory.createWebServiceMessage();
			TransformerFactory.newDefaultInstance()
				.newTransformer()
				.transform(new DOMSource(Soap.result("sendRequestXML", value)), message.getPayloadResult());
			ByteArrayOutputStream saaj = new ByteArrayOutputStream();
			message.writeTo(saaj);
			String ours = new String(Soap.resultEnvelope("sendRequestXML", value), StandardCharsets.UTF_8);
			String theirs = saaj.toString(StandardCharsets.UTF_8);
			int at = 0;
			while (at < Math.min(ours.length(), theirs.length()) && ours.charAt(at) == theirs.charAt(at)) {
				at++;
			}
			assertThat(ours.equals(theirs)).as("the same answer; from character %d on ours is \"%s\", SAAJ's \"%s\"", at,
					ours.substring(at, Math.min(ours.length(), at + 20)),
					theirs.substring(at, Math.min(theirs.length(), at + 20)))
				.isTrue();
		}
	}

	/** The call as the endpoint's Spring-WS methods read it: from the DOM of the body's element. */
	private static SoapCall springWsReading(String body) {
		try {
			Document doc = SecureXml.documentBuilder().parse(new ByteArrayInputStream(bytes(body)));
			Element bodyElement = (Element) doc.getElementsByTagNameNS(SoapCall.SOAP_11, "Body").item(0);
			for (Node child = bodyElement.getFirstChild(); child != null; child = child.getNextSibling()) {
				if (child instanceof Element request) {
					return SoapCall.of(request);
				}
			}
			throw new IllegalArgumentException("No request in the body");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> ordered(String... pairs) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
