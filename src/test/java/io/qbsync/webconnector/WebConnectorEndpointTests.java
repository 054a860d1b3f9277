package io.qbsync.webconnector;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.xml.transform.Source;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qbsync.company.QwcFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webservices.test.autoconfigure.server.WebServiceServerTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.ws.test.server.MockWebServiceClient;
import org.springframework.xml.transform.StringSource;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.ws.test.server.RequestCreators.withPayload;
import static org.springframework.ws.test.server.ResponseMatchers.clientOrSenderFault;
import static org.springframework.ws.test.server.ResponseMatchers.noFault;
import static org.springframework.ws.test.server.ResponseMatchers.payload;
import static org.springframework.ws.test.server.ResponseMatchers.serverOrReceiverFault;

/**
 * The SOAP endpoint on its own, with the service behind it a mock: how each operation's body is read and its answer
 * wrapped, a call run again after a deadlock, an unexpected error kept from the caller, and calls taking turns. The
 * whole path over HTTP is {@link SoapContractTests}'.
 */
@WebServiceServerTest(endpoints = WebConnectorEndpoint.class, properties = {
		"qbsync.webconnector.concurrent-calls=1", "qbsync.webconnector.call-wait=300ms" })
// the Web Connector's own wiring (faults, unknown operations, the rate limit's memory of proven addresses), and a
// registry for the call timer's interceptor
@Import({ WebConnectorConfiguration.class, ProvenAddresses.class, SimpleMeterRegistry.class })
class WebConnectorEndpointTests {

	private static final String NS = Soap.NS;

	/** The endpoint's settings, bound from application.yml and the properties above. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WebConnectorSettings.class)
	static class Settings {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

	@Autowired
	MockWebServiceClient client;

	@MockitoBean
	WebConnectorService service;

	@MockitoBean
	BuiltInClient builtIn;

	/** Knows no ticket: every call reaches the service (refusals from memory are WebConnectorRefusalsFromMemoryTests'). */
	@MockitoBean
	RefusedTickets refused;

	@MockitoBean
	QwcFile qwcFile;

	/** No address proven before the start. */
	@MockitoBean
	LoginThrottle logins;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			getLastError     | <ticket>t-1</ticket>                                              | last words
			closeConnection  | <ticket>t-1</ticket>                                              | OK
			connectionError  | <ticket>t-1</ticket><hresult>0x80040408</hresult><message>m</message> | done
			clientVersion    | <strVersion>2.3.0.36</strVersion>                                 | ''
			serverVersion    | ''                                                                | 1.0
			""")
	void eachOperationReadsItsParametersAndAnswersInItsWrapper(String operation, String parameters, String answer) {
		given(this.service.getLastError("t-1")).willReturn("last words");
		given(this.service.closeConnection("t-1")).willReturn("OK");
		given(this.service.connectionError("t-1", "0x80040408", "m")).willReturn("done");
		given(this.service.clientVersion("2.3.0.36")).willReturn("");
		given(this.service.serverVersion()).willReturn("1.0");

		this.client.sendRequest(withPayload(request(operation, parameters)))
			.andExpect(noFault())
			.andExpect(payload(answer(operation, answer)));
	}

	@Test
	void sendRequestXmlReadsEveryParameter() {
		given(this.service.sendRequestXML("t-1", "<hcp/>", "C:\\Books.qbw", "US", 13, 0)).willReturn("<QBXML/>");

		this.client
			.sendRequest(withPayload(request("sendRequestXML", "<ticket>t-1</ticket>"
					+ "<strHCPResponse>&lt;hcp/&gt;</strHCPResponse><strCompanyFileName>C:\\Books.qbw</strCompanyFileName>"
					+ "<qbXMLCountry>US</qbXMLCountry><qbXMLMajorVers>13</qbXMLMajorVers><qbXMLMinorVers>0</qbXMLMinorVers>")))
			.andExpect(noFault())
			.andExpect(payload(answer("sendRequestXML", "&lt;QBXML/&gt;")));
		verify(this.service).releaseBeforeSend("t-1");
	}

	@Test
	void authenticateAnswersAnArrayOfStrings() {
		given(this.service.authenticate(any(), any(), any(), anyBoolean())).willReturn(List.of("ticket-1", "none"));

		this.client.sendRequest(withPayload(request("authenticate",
				"<strUserName>oak-hill</strUserName><strPassword>secret</strPassword>")))
			.andExpect(noFault())
			.andExpect(payload(new StringSource("<authenticateResponse xmlns=\"" + NS + "\"><authenticateResult>"
					+ "<string>ticket-1</string><string>none</string></authenticateResult></authenticateResponse>")));
		verify(this.service).authenticate("oak-hill", "secret", null, false);
	}

	@Test
	void aCallTheDatabaseDeadlockedIsRunAgainAndAnswers() {
		given(this.service.receiveResponseXML("t-1", "<QBXML/>", "", ""))
			.willThrow(new CannotAcquireLockException("Deadlock found when trying to get lock (test)"))
			.willReturn(100);

		this.client
			.sendRequest(withPayload(request("receiveResponseXML", "<ticket>t-1</ticket><response>&lt;QBXML/&gt;</response>")))
			.andExpect(noFault())
			.andExpect(payload(answer("receiveResponseXML", "100")));
		verify(this.service, times(2)).receiveResponseXML("t-1", "<QBXML/>", "", "");
	}

	@Test
	void anUnexpectedErrorIsAServerFaultThatKeepsItsTextInside() {
		given(this.service.getLastError("t-1"))
			.willThrow(new IllegalStateException("SELECT password FROM companies -- must not leave the server"));

		this.client.sendRequest(withPayload(request("getLastError", "<ticket>t-1</ticket>")))
			.andExpect(serverOrReceiverFault("qbsync could not process this call. It has been logged; run the Web "
					+ "Connector again."));
	}

	@Test
	void aBodyNoOperationMatchesGetsAClientFault() {
		this.client.sendRequest(withPayload(request("deleteEverything", "")))
			.andExpect(clientOrSenderFault());
	}

	@Test
	void callsTakeTurnsAndOneThatWaitsTooLongIsRefusedAsBusy() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		willAnswer((call) -> {
			inside.countDown();
			release.await(10, TimeUnit.SECONDS);
			return "first";
		}).given(this.service).getLastError("t-1");
		given(this.service.getLastError("t-2")).willReturn("second");

		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> this.client
			.sendRequest(withPayload(request("getLastError", "<ticket>t-1</ticket>")))
			.andExpect(payload(answer("getLastError", "first"))));
		try {
			inside.await(10, TimeUnit.SECONDS);
			// concurrent-calls is 1: the second call waits its call-wait, then is refused, having changed nothing
			this.client.sendRequest(withPayload(request("getLastError", "<ticket>t-2</ticket>")))
				.andExpect(serverOrReceiverFault());
			verify(this.service, times(0)).getLastError("t-2");
		}
		finally {
			release.countDown();
		}
		first.get(10, TimeUnit.SECONDS);

		// with the first call answered, the next one goes in at once
		this.client.sendRequest(withPayload(request("getLastError", "<ticket>t-2</ticket>")))
			.andExpect(payload(answer("getLastError", "second")));
	}

	private static Source request(String operation, String parameters) {
		return new StringSource("<" + operation + " xmlns=\"" + NS + "\">" + parameters + "</" + operation + ">");
	}

	private static Source answer(String operation, String result) {
		return new StringSource("<" + operation + "Response xmlns=\"" + NS + "\"><" + operation + "Result>" + result
				+ "</" + operation + "Result></" + operation + "Response>");
	}

}
