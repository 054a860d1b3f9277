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
	 * The whole SOAP 1.1 answer carrying {@link #result}, as SAAJ writes it for Spring-WS (the same bytes), for the
	 * calls answered without SAAJ ({@link SoapCall}).
	 */
	static byte[] resultEnvelope(String operation, String value) {
		StringBuilder xml = new StringBuilder(value.length() + value.length() / 8 + 300);
		xml.append("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"").append(SoapCall.SOAP_11)
			.append("\"><SOAP-ENV:Header/><SOAP-ENV:Body><").append(operation).append("Response xmlns=\"").append(NS)
			.append("\"><").append(operation).append("Result");
		if (value.isEmpty()) {
			xml.append("/>");
		}
		else {
			xml.append('>');
			escapeText(value, xml);
			xml.append("</").append(operation).append("Result>");
		}
		xml.append("</").append(operation).append("Response></SOAP-ENV:Body></SOAP-ENV:Envelope>");
		return xml.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Text escaped as the JDK's serializer escapes it for SAAJ: the markup characters, and as character references
	 * the control characters but tab and line feed (a carriage return would otherwise read as a line feed) and the
	 * characters outside the Basic Multilingual Plane.
	 */
	private static void escapeText(String text, StringBuilder xml) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> xml.append("&lt;");
				case '>' -> xml.append("&gt;");
				case '&' -> xml.append("&amp;");
				default -> {
					if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F)) {
						xml.append("&#").append((int) c).append(';');
					}
					else if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						xml.append("&#").append(Character.toCodePoint(c, text.charAt(++i))).append(';');
					}
					else {
						xml.append(c);
					}
				}
			}
		}
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
