package io.qbsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qbsync.sandbox.RecordingSoapServer.Answer;

/** What the client puts on the wire and how strictly it reads answers, against a recording JDK HTTP server. */
class WebConnectorClientTests {

	private static final String NS = "http://developer.intuit.com/";

	private RecordingSoapServer server;

	private WebConnectorClient client;

	@BeforeEach
	void start() throws Exception {
		server = new RecordingSoapServer();
		client = new WebConnectorClient(server.uri());
	}

	@AfterEach
	void stop() {
		server.close();
	}

	/** The body element of the last request as a tree, after checking it sits in a SOAP 1.1 envelope. */
	private QbNode lastOperation() throws Exception {
		var doc = SafeXml.parse(server.last().body());
		var env = doc.getDocumentElement();
		assertThat(env.getNamespaceURI()).isEqualTo("http://schemas.xmlsoap.org/soap/envelope/");
		assertThat(env.getLocalName()).isEqualTo("Envelope");
		var body = SafeXml.child(env, "http://schemas.xmlsoap.org/soap/envelope/", "Body");
		var op = SafeXml.firstElement(body);
		assertThat(op.getNamespaceURI()).isEqualTo(NS);
		for (var n = op.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof org.w3c.dom.Element e) {
				assertThat(e.getNamespaceURI()).as("child %s", e.getLocalName()).isEqualTo(NS);
			}
		}
		return QbNode.of(op);
	}

	@Test
	void serverVersionIsSentLikeQbwcWithQuotedSoapActionAndNoChild() throws Exception {
		server.respond(r -> Answer.xml(RecordingSoapServer.result("serverVersion", "1.4.2")));

		String version = client.serverVersion();

		assertThat(version).isEqualTo("1.4.2");
		RecordingSoapServer.Received rq = server.last();
		assertThat(rq.method()).isEqualTo("POST");
		assertThat(rq.path()).isEqualTo("/qbwc");
		assertThat(rq.header("SOAPAction")).isEqualTo("\"http://developer.intuit.com/serverVersion\"");
		assertThat(rq.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
		assertThat(rq.header("Cookie")).isNull();
		QbNode op = lastOperation();
		assertThat(op.name()).isEqualTo("serverVersion");
		assertThat(op.children()).isEmpty();
	}

	@Test
	void qbxmlTravelsAsEscapedTextAndParametersKeepWsdlOrder() throws Exception {
		String hcp = "<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs><HostQueryRs statusMessage=\"Status OK\">"
				+ "<HostRet><ProductName>Q&amp;B</ProductName></HostRet></HostQueryRs></QBXMLMsgsRs></QBXML>";
		String answer = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<?qbxml version=\"16.0\"?><QBXML>"
				+ "<QBXMLMsgsRq onError=\"stopOnError\"><CustomerQueryRq requestID=\"1\"><FullName>Smith &amp; Sons"
				+ "</FullName></CustomerQueryRq></QBXMLMsgsRq></QBXML>";
		server.respond(r -> Answer.xml(RecordingSoapServer.result("sendRequestXML", SafeXml.escapeText(answer))));

		String request = client.sendRequestXML("tkt-1", hcp, "C:\\Files\\Acme.QBW", "US", 16, 0);

		assertThat(request).isEqualTo(answer);
		String raw = server.last().body();
		assertThat(raw).contains("&lt;QBXML&gt;&lt;QBXMLMsgsRs&gt;").contains("Q&amp;amp;B").doesNotContain("<QBXML>");
		assertThat(server.last().header("SOAPAction")).isEqualTo("\"http://developer.intuit.com/sendRequestXML\"");
		QbNode op = lastOperation();
		assertThat(op.children()).extracting(QbNode::name).containsExactly("ticket", "strHCPResponse",
				"strCompanyFileName", "qbXMLCountry", "qbXMLMajorVers", "qbXMLMinorVers");
		assertThat(op.text("strHCPResponse")).isEqualTo(hcp);
		assertThat(op.text("strCompanyFileName")).isEqualTo("C:\\Files\\Acme.QBW");
		assertThat(op.text("qbXMLMajorVers")).isEqualTo("16");
	}

	@Test
	void cdataResultsAreReadToo() {
		server.respond(r -> Answer.xml(RecordingSoapServer.result("sendRequestXML", "<![CDATA[<QBXML/>]]>")));

		assertThat(client.sendRequestXML("t", "", "", "US", 13, 0)).isEqualTo("<QBXML/>");
	}

	@Test
	void authenticateReadsTheArrayOfString() throws Exception {
		server.respond(r -> Answer.xml(RecordingSoapServer.result("authenticate",
				"<string>5f0c3e0e</string><string>C:\\Company Files\\Acme.QBW</string><string></string>"
						+ "<string xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>")));

		List<String> result = client.authenticate("acme-tenant-42", "s3cret<&>");

		assertThat(result).containsExactly("5f0c3e0e", "C:\\Company Files\\Acme.QBW", "", null);
		QbNode op = lastOperation();
		assertThat(op.children()).extracting(QbNode::name).containsExactly("strUserName", "strPassword");
		assertThat(op.text("strPassword")).isEqualTo("s3cret<&>");
		assertThat(server.last().header("SOAPAction")).isEqualTo("\"http://developer.intuit.com/authenticate\"");
	}

	@Test
	void unqualifiedArrayItemsAreRefusedLikeQbwcWould() {
		server.respond(r -> Answer.xml(RecordingSoapServer.result("authenticate",
				"<a:string xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\">t</a:string>")));

		assertThatThrownBy(() -> client.authenticate("u", "p")).isInstanceOf(WebConnectorException.class)
			.hasMessageContaining("QBWC only reads");
	}

	@Test
	void unqualifiedResultIsRefused() {
		server.respond(r -> Answer.xml("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
				+ "<ns2:getLastErrorResponse xmlns:ns2=\"http://developer.intuit.com/\"><getLastErrorResult>x"
				+ "</getLastErrorResult></ns2:getLastErrorResponse></soap:Body></soap:Envelope>"));

		assertThatThrownBy(() -> client.getLastError("t")).isInstanceOf(WebConnectorException.class)
			.hasMessageContaining("not qualified");
	}

	@Test
	void everyOperationUsesItsWsdlNames() throws Exception {
		server.respond(r -> {
			String op = r.header("SOAPAction").replace("\"", "").replace(NS, "");
			String value = op.equals("receiveResponseXML") ? "42" : "ok-" + op;
			return Answer.xml(RecordingSoapServer.result(op, value));
		});

		assertThat(client.clientVersion("2.3.0.36")).isEqualTo("ok-clientVersion");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("strVersion");
		assertThat(client.receiveResponseXML("t", "<QBXML/>", "", "")).isEqualTo(42);
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("ticket", "response", "hresult",
				"message");
		assertThat(client.connectionError("t", "0x80040408", "Could not start QuickBooks.")).isEqualTo("ok-connectionError");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("ticket", "hresult", "message");
		assertThat(client.getLastError("t")).isEqualTo("ok-getLastError");
		assertThat(client.closeConnection("t")).isEqualTo("ok-closeConnection");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("ticket");
		assertThat(client.getInteractiveURL("t", "s1")).isEqualTo("ok-getInteractiveURL");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("wcTicket", "sessionID");
		assertThat(client.interactiveDone("t")).isEqualTo("ok-interactiveDone");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("wcTicket");
		assertThat(client.interactiveRejected("t", "unattended")).isEqualTo("ok-interactiveRejected");
		assertThat(lastOperation().children()).extracting(QbNode::name).containsExactly("wcTicket", "reason");
		assertThat(server.received()).extracting(r -> r.header("SOAPAction")).allMatch(a -> a.matches("\"" + NS + "\\w+\""));
	}

	@Test
	void soapFaultBecomesAnExceptionWithStatusAndBody() {
		server.respond(r -> new Answer(500, "text/xml; charset=utf-8",
				RecordingSoapServer.fault("soap:Server", "ticket unknown")));

		assertThatThrownBy(() -> client.closeConnection("t")).isInstanceOfSatisfying(WebConnectorException.class, e -> {
			assertThat(e.status()).isEqualTo(500);
			assertThat(e.fault()).isEqualTo(new SoapFault("soap:Server", "ticket unknown", "1.1"));
			assertThat(e.operation()).isEqualTo("closeConnection");
			assertThat(e.getMessage()).contains("HTTP 500").contains("ticket unknown").contains("<soap:Fault>");
		});
	}

	@Test
	void wrongStatusContentTypeOrBodyIsRefused() {
		server.respond(r -> new Answer(404, "text/html", "<html>Not Found</html>"));
		assertThatThrownBy(() -> client.getLastError("t")).isInstanceOfSatisfying(WebConnectorException.class,
				e -> assertThat(e.status()).isEqualTo(404));

		server.respond(r -> new Answer(200, "application/soap+xml; charset=utf-8",
				RecordingSoapServer.result("getLastError", "x")));
		assertThatThrownBy(() -> client.getLastError("t")).hasMessageContaining("expected text/xml");

		server.respond(r -> Answer.xml(RecordingSoapServer.result("receiveResponseXML", "lots")));
		assertThatThrownBy(() -> client.receiveResponseXML("t", "", "", "")).hasMessageContaining("not an int");

		server.respond(r -> Answer.xml("Warning: mysql_connect() failed" + RecordingSoapServer.result("getLastError", "x")));
		assertThatThrownBy(() -> client.getLastError("t")).hasMessageContaining("not well-formed");
	}

	@Test
	void missingOptionalResultIsNull() {
		server.respond(r -> Answer.xml("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
				+ "<sendRequestXMLResponse xmlns=\"http://developer.intuit.com/\"/></soap:Body></soap:Envelope>"));

		assertThat(client.sendRequestXML("t", "", "", "US", 16, 0)).isNull();
	}

	@Test
	void rawPostSendsAnythingAndDetectsFaults() {
		server.respond(r -> new Answer(500, "application/soap+xml",
				"<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>"
						+ "<env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Text xml:lang=\"en\">"
						+ "bad</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"));

		SoapResponse rs = client.post("http://developer.intuit.com/authenticate", "<not-soap/>");

		assertThat(server.last().header("SOAPAction")).isEqualTo("http://developer.intuit.com/authenticate");
		assertThat(server.last().body()).isEqualTo("<not-soap/>");
		assertThat(rs.status()).isEqualTo(500);
		assertThat(rs.contentType()).isEqualTo("application/soap+xml");
		assertThat(rs.isTextXml()).isFalse();
		assertThat(rs.fault()).contains(new SoapFault("env:Sender", "bad", "1.2"));
		assertThat(client.lastExchange().requestBody()).isEqualTo("<not-soap/>");

		client.post(null, null, "x");
		assertThat(server.last().header("SOAPAction")).isNull();
		assertThat(SoapFault.find("not xml")).isEmpty();
		assertThat(WebConnectorClient.soapActionFor("getLastError")).isEqualTo("\"http://developer.intuit.com/getLastError\"");
	}
}
