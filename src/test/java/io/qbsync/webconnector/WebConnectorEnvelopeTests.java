package io.qbsync.webconnector;

import java.util.LinkedHashMap;
import java.util.Map;

import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sendRequestXML and receiveResponseXML, read from the envelope without SAAJ when it has the Web Connector's plain
 * shape, answer exactly what Spring-WS answers for the same call; any other envelope still goes to Spring-WS.
 */
class WebConnectorEnvelopeTests extends IntegrationTest {

	/** A header entry nobody must understand: it changes nothing but the way the envelope is read. */
	private static final String HEADER = "<soap:Header><x:note xmlns:x=\"urn:example\">read by Spring-WS</x:note>"
			+ "</soap:Header>";

	@ParameterizedTest
	@ValueSource(strings = { "sendRequestXML", "receiveResponseXML" })
	void theAnswerIsSpringWsAnswerByteForByte(String operation) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("ticket", "no-such-ticket");
		parameters.put(operation.equals("sendRequestXML") ? "strHCPResponse" : "response",
				"<?xml version=\"1.0\"?>\r\n<QBXML>&amp; \"x\" é</QBXML>");
		parameters.put("qbXMLMajorVers", "13");
		String direct = WebConnectorClient.envelope(operation, parameters);
		String throughSpringWs = direct.replace("<soap:Body>", HEADER + "<soap:Body>");
		assertThat(throughSpringWs).isNotEqualTo(direct);

		SoapResponse ours = wc().post(WebConnectorClient.soapActionFor(operation), direct);
		SoapResponse springWs = wc().post(WebConnectorClient.soapActionFor(operation), throughSpringWs);

		assertThat(ours.status()).isEqualTo(springWs.status()).isEqualTo(200);
		assertThat(ours.contentType().replace(" ", "")).isEqualToIgnoringCase(springWs.contentType().replace(" ", ""));
		assertThat(ours.body()).isEqualTo(springWs.body())
			.contains("<" + operation + "Result")
			.doesNotContain("<x:note");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// SOAP 1.2: Spring-WS refuses it as before
			"<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><ticket>t</ticket></receiveResponseXML></env:Body></env:Envelope>",
			// a header entry that must be understood
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header><x:must "
					+ "xmlns:x=\"urn:example\" soap:mustUnderstand=\"1\"/></soap:Header><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><ticket>t</ticket></receiveResponseXML></soap:Body></soap:Envelope>",
			// a DOCTYPE with an external entity
			"<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY pw SYSTEM \"file:///etc/passwd\">]>"
					+ "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><ticket>t</ticket><response>&pw;</response>"
					+ "</receiveResponseXML></soap:Body></soap:Envelope>",
			// not well-formed
			"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><receiveResponseXML "
					+ "xmlns=\"http://developer.intuit.com/\"><ticket>t</ticket>" })
	void anyOtherEnvelopeGetsSpringWsFault(String body) {
		SoapResponse response = wc().post(WebConnectorClient.soapActionFor("receiveResponseXML"), body);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.isTextXml()).isTrue();
		assertThat(response.fault()).isPresent();
		assertThat(response.body()).doesNotContain("root:").doesNotContain("\tat ");
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

}
