package io.qbsync.webconnector;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.qbsync.qbxml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.web.util.HtmlUtils;

/** Reading the Web Connector's wrapped request elements and writing our wrapped answers (DOM, no generated code). */
final class Soap {

	static final String NS = "http://developer.intuit.com/";

	private Soap() {
	}

	/** The text of a child element, or "" when it is missing (every string parameter is optional in the WSDL). */
	static String text(Element request, String name) {
		for (Node child = request.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && name.equals(element.getLocalName())) {
				return element.getTextContent();
			}
		}
		return "";
	}

	/** An int child, or 0 when missing or not a number. */
	static int number(Element request, String name) {
		try {
			return Integer.parseInt(text(request, name).strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** {@code <opResponse><opResult>value</opResult></opResponse>}, all in the Intuit namespace. */
	static Element result(String operation, String value) {
		Document doc = SecureXml.documentBuilder().newDocument();
		Element response = doc.createElementNS(NS, operation + "Response");
		Element result = doc.createElementNS(NS, operation + "Result");
		result.setTextContent(value);
		response.appendChild(result);
		doc.appendChild(response);
		return response;
	}

	/**
	 * An ArrayOfString result. Each item must be a {@code <string>} in the Intuit namespace: the Web Connector fails
	 * with "Index Out Of Range" on items in any other namespace.
	 */
	static Element arrayResult(String operation, List<String> values) {
		Document doc = SecureXml.documentBuilder().newDocument();
		Element response = doc.createElementNS(NS, operation + "Response");
		Element result = doc.createElementNS(NS, operation + "Result");
		for (String value : values) {
			Element item = doc.createElementNS(NS, "string");
			item.setTextContent(value);
			result.appendChild(item);
		}
		response.appendChild(result);
		doc.appendChild(response);
		return response;
	}

	/** A complete SOAP 1.1 fault envelope, for errors found before a message could be built. */
	static byte[] faultEnvelope(String faultCode, String faultString) {
		return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
				+ "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
				+ "<faultcode>soap:" + faultCode + "</faultcode><faultstring>" + HtmlUtils.htmlEscape(faultString)
				+ "</faultstring></soap:Fault></soap:Body></soap:Envelope>")
			.getBytes(StandardCharsets.UTF_8);
	}

}
