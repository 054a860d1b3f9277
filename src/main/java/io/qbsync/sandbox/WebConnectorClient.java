package io.qbsync.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Speaks to our server exactly as the QuickBooks Web Connector does on the wire: SOAP 1.1 document/literal
 * wrapped, one HTTP POST per operation, {@code Content-Type: text/xml; charset=utf-8} and a quoted
 * {@code SOAPAction}. Answers are checked the way QBWC's .NET client would see them (status 200, text/xml,
 * {@code <op>Response/<op>Result} qualified in {@code http://developer.intuit.com/}).
 * <p>
 * Like QBWC it keeps no cookies and follows no redirects, so the server must rely on the ticket alone.
 * Not thread-safe with respect to {@link #lastExchange()}; otherwise stateless.
 */
public class WebConnectorClient {

	public static final String NS = "http://developer.intuit.com/";

	public static final String SOAP_ENV = SoapFault.SOAP11_NS;

	public static final String CONTENT_TYPE = "text/xml; charset=utf-8";

	/** The User-Agent of the .NET web service client QBWC is built on. */
	public static final String USER_AGENT = "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)";

	private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

	/** What was sent and received by the last call. */
	public record Exchange(String soapAction, String requestBody, SoapResponse response) {
	}

	private final URI endpoint;

	private final HttpClient http;

	private final Duration timeout;

	private final Map<String, String> extraHeaders;

	private volatile Exchange lastExchange;

	public WebConnectorClient(URI endpoint) {
		this(endpoint, Duration.ofSeconds(60));
	}

	public WebConnectorClient(URI endpoint, Duration timeout) {
		this(endpoint, timeout, Map.of());
	}

	private WebConnectorClient(URI endpoint, Duration timeout, Map<String, String> extraHeaders) {
		this.endpoint = endpoint;
		this.timeout = timeout;
		this.extraHeaders = Map.copyOf(extraHeaders);
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(timeout)
			.build();
	}

	/**
	 * The same Web Connector as seen through a reverse proxy on this machine: every call carries
	 * {@code X-Forwarded-For: address}, so the server (trusting loopback proxies) takes {@code address} as the source.
	 */
	public WebConnectorClient from(String address) {
		return withHeader("X-Forwarded-For", address);
	}

	/** The same client, sending this HTTP header with every call as well. */
	public WebConnectorClient withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
		headers.put(name, value);
		return new WebConnectorClient(endpoint, timeout, headers);
	}

	public URI endpoint() {
		return endpoint;
	}

	public Exchange lastExchange() {
		return lastExchange;
	}

	// ---------------------------------------------------------------- operations

	/** QBWC sends this with an empty wrapper element (no {@code strVersion}), although the WSDL allows one. */
	public String serverVersion() {
		return callForString("serverVersion", params());
	}

	public String clientVersion(String strVersion) {
		return callForString("clientVersion", params("strVersion", strVersion));
	}

	/** Returns the {@code ArrayOfString} items in order; nil items come back as null. */
	public List<String> authenticate(String userName, String password) {
		Element result = call("authenticate", params("strUserName", userName, "strPassword", password));
		if (result == null || isNil(result)) {
			return List.of();
		}
		List<String> items = new ArrayList<>();
		for (Node n = result.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element el) {
				if (!"string".equals(el.getLocalName()) || !NS.equals(el.getNamespaceURI())) {
					throw new WebConnectorException("authenticate",
							"authenticateResult item <" + el.getTagName() + "> in namespace " + el.getNamespaceURI()
									+ " - QBWC only reads <string xmlns=\"" + NS + "\"> items",
							lastExchange.response().status(), lastExchange.response().body(), null, null);
				}
				items.add(isNil(el) ? null : SafeXml.textOf(el));
			}
		}
		return Collections.unmodifiableList(items);
	}

	public String sendRequestXML(String ticket, String strHCPResponse, String strCompanyFileName,
			String qbXMLCountry, int qbXMLMajorVers, int qbXMLMinorVers) {
		return callForString("sendRequestXML",
				params("ticket", ticket, "strHCPResponse", strHCPResponse, "strCompanyFileName", strCompanyFileName,
						"qbXMLCountry", qbXMLCountry, "qbXMLMajorVers", Integer.toString(qbXMLMajorVers),
						"qbXMLMinorVers", Integer.toString(qbXMLMinorVers)));
	}

	public int receiveResponseXML(String ticket, String response, String hresult, String message) {
		Element result = call("receiveResponseXML",
				params("ticket", ticket, "response", response, "hresult", hresult, "message", message));
		if (result == null || isNil(result)) {
			throw protocol("receiveResponseXML", "receiveResponseXMLResult is required (xsd:int) but missing");
		}
		String text = SafeXml.textOf(result).trim();
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException e) {
			throw protocol("receiveResponseXML", "receiveResponseXMLResult is not an int: '" + text + "'");
		}
	}

	public String connectionError(String ticket, String hresult, String message) {
		return callForString("connectionError", params("ticket", ticket, "hresult", hresult, "message", message));
	}

	public String getLastError(String ticket) {
		return callForString("getLastError", params("ticket", ticket));
	}

	public String closeConnection(String ticket) {
		return callForString("closeConnection", params("ticket", ticket));
	}

	public String getInteractiveURL(String wcTicket, String sessionID) {
		return callForString("getInteractiveURL", params("wcTicket", wcTicket, "sessionID", sessionID));
	}

	public String interactiveDone(String wcTicket) {
		return callForString("interactiveDone", params("wcTicket", wcTicket));
	}

	public String interactiveRejected(String wcTicket, String reason) {
		return callForString("interactiveRejected", params("wcTicket", wcTicket, "reason", reason));
	}

	// ---------------------------------------------------------------- low level

	/** The SOAPAction header value QBWC sends for an operation, double quotes included. */
	public static String soapActionFor(String operation) {
		return "\"" + NS + operation + "\"";
	}

	/**
	 * Builds the envelope QBWC would send. Parameters are name/value pairs in order; a null value omits the
	 * element (as .NET does for null strings), an empty string gives an empty element. Values are escaped, so
	 * a qbXML document travels as text.
	 */
	public static String envelope(String operation, Map<String, String> parameters) {
		StringBuilder sb = new StringBuilder(256);
		sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
			.append("<soap:Envelope xmlns:soap=\"").append(SOAP_ENV)
			.append("\" xmlns:xsi=\"").append(XSI)
			.append("\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">")
			.append("<soap:Body><").append(operation).append(" xmlns=\"").append(NS).append("\"");
		if (parameters.isEmpty()) {
			sb.append(" />");
		}
		else {
			sb.append('>');
			parameters.forEach((name, value) -> {
				if (value != null) {
					sb.append('<').append(name).append('>').append(SafeXml.escapeText(value))
						.append("</").append(name).append('>');
				}
			});
			sb.append("</").append(operation).append('>');
		}
		return sb.append("</soap:Body></soap:Envelope>").toString();
	}

	/** Posts a raw body with the QBWC content type; {@code soapAction} is sent verbatim, or not at all when null. */
	public SoapResponse post(String soapAction, String rawBody) {
		return post(soapAction, CONTENT_TYPE, rawBody);
	}

	/** Posts a raw body; null {@code soapAction} or {@code contentType} leaves that header out. */
	public SoapResponse post(String soapAction, String contentType, String rawBody) {
		HttpRequest.Builder rq = HttpRequest.newBuilder(endpoint)
			.timeout(timeout)
			.header("User-Agent", USER_AGENT)
			.POST(HttpRequest.BodyPublishers.ofString(rawBody == null ? "" : rawBody, StandardCharsets.UTF_8));
		if (contentType != null) {
			rq.header("Content-Type", contentType);
		}
		if (soapAction != null) {
			rq.header("SOAPAction", soapAction);
		}
		extraHeaders.forEach(rq::header);
		try {
			HttpResponse<byte[]> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofByteArray());
			String ct = rs.headers().firstValue("Content-Type").orElse(null);
			SoapResponse response = new SoapResponse(rs.statusCode(), ct, new String(rs.body(), StandardCharsets.UTF_8));
			lastExchange = new Exchange(soapAction, rawBody, response);
			return response;
		}
		catch (IOException e) {
			throw new WebConnectorException(String.valueOf(soapAction), "no HTTP answer: " + e, -1, null, null, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new WebConnectorException(String.valueOf(soapAction), "interrupted", -1, null, null, e);
		}
	}

	// ---------------------------------------------------------------- internals

	private static Map<String, String> params(String... nameValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < nameValues.length; i += 2) {
			map.put(nameValues[i], nameValues[i + 1]);
		}
		return map;
	}

	private String callForString(String operation, Map<String, String> parameters) {
		Element result = call(operation, parameters);
		return result == null || isNil(result) ? null : SafeXml.textOf(result);
	}

	/** Sends the operation and returns its {@code <op>Result} element (null when absent, which the WSDL allows). */
	private Element call(String operation, Map<String, String> parameters) {
		SoapResponse rs = post(soapActionFor(operation), envelope(operation, parameters));
		SoapFault fault = rs.fault().orElse(null);
		if (fault != null) {
			throw new WebConnectorException(operation, "SOAP fault", rs.status(), rs.body(), fault, null);
		}
		if (rs.status() != 200) {
			throw protocol(operation, "unexpected HTTP status");
		}
		if (!rs.isTextXml()) {
			// .NET's SoapHttpClientProtocol refuses anything but text/xml for SOAP 1.1.
			throw protocol(operation, "Content-Type is '" + rs.contentType() + "', expected text/xml");
		}
		Document doc;
		try {
			doc = SafeXml.parse(rs.body());
		}
		catch (SAXException e) {
			throw new WebConnectorException(operation, "body is not well-formed XML: " + e.getMessage(), rs.status(),
					rs.body(), null, e);
		}
		Element env = doc.getDocumentElement();
		if (!"Envelope".equals(env.getLocalName()) || !SOAP_ENV.equals(env.getNamespaceURI())) {
			throw protocol(operation, "root is not a SOAP 1.1 Envelope: {" + env.getNamespaceURI() + "}"
					+ env.getLocalName());
		}
		Element body = SafeXml.child(env, SOAP_ENV, "Body");
		if (body == null) {
			throw protocol(operation, "no soap:Body");
		}
		Element wrapper = SafeXml.firstElement(body);
		if (wrapper == null || !(operation + "Response").equals(wrapper.getLocalName())
				|| !NS.equals(wrapper.getNamespaceURI())) {
			throw protocol(operation, "expected {" + NS + "}" + operation + "Response, got "
					+ (wrapper == null ? "nothing" : "{" + wrapper.getNamespaceURI() + "}" + wrapper.getLocalName()));
		}
		Element result = SafeXml.child(wrapper, NS, operation + "Result");
		if (result == null && SafeXml.childAnyNamespace(wrapper, operation + "Result") != null) {
			throw protocol(operation, operation + "Result is not qualified in " + NS + " (QBWC would not see it)");
		}
		return result;
	}

	private WebConnectorException protocol(String operation, String problem) {
		SoapResponse rs = lastExchange == null ? null : lastExchange.response();
		return new WebConnectorException(operation, problem, rs == null ? -1 : rs.status(),
				rs == null ? null : rs.body(), null, null);
	}

	private static boolean isNil(Element e) {
		String nil = e.getAttributeNS(XSI, "nil");
		return "true".equals(nil) || "1".equals(nil);
	}
}
