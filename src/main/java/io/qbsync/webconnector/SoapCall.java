package io.qbsync.webconnector;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.qbsync.qbxml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One Web Connector call: the operation (the local name of the body's element) and the text of its parameters, by
 * local name (the first of a name counts; a missing one reads "", as every string parameter is optional).
 *
 * <p>
 * {@link #read} takes it straight from the envelope's bytes with StAX, for the calls that carry a whole qbXML document
 * as text (hundreds of kilobytes, escaped): no SAAJ message, no DOM. It reads only the plain shape the Web Connector
 * sends, a SOAP 1.1 envelope in UTF-8 with an empty header or none and one element in the Intuit namespace in its
 * body, whose children hold text or CDATA. Anything else (a header entry, an element inside a parameter, a DOCTYPE or
 * entity, another charset, a body that is not well-formed) reads as empty, and Spring-WS reads the call as it reads
 * every other, with the same answers and faults.
 */
record SoapCall(String operation, Map<String, String> parameters) {

	static final String SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/";

	/** The text of a parameter, or "" when it is missing. */
	String text(String name) {
		return this.parameters.getOrDefault(name, "");
	}

	/** An int parameter, or 0 when missing or not a number. */
	int number(String name) {
		try {
			return Integer.parseInt(text(name).strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** The call as Spring-WS hands it over: the body's element. */
	static SoapCall of(Element request) {
		Map<String, String> parameters = new HashMap<>();
		for (Node child = request.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element) {
				parameters.putIfAbsent(element.getLocalName(), element.getTextContent());
			}
		}
		return new SoapCall(request.getLocalName(), parameters);
	}

	/**
	 * The call in a request body of this content type, read without SAAJ; empty when it is not of the plain shape the
	 * Web Connector sends (then Spring-WS reads it).
	 */
	static Optional<SoapCall> read(String contentType, byte[] body) {
		if (!plainXml(contentType)) {
			return Optional.empty();
		}
		XMLInputFactory factory = SecureXml.inputFactory();
		factory.setProperty(XMLInputFactory.IS_COALESCING, true);
		try {
			XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(body));
			try {
				return Optional.ofNullable(envelope(xml));
			}
			finally {
				xml.close();
			}
		}
		catch (XMLStreamException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** {@code text/xml}, in UTF-8 or with no charset named (the XML declaration must then not name another). */
	private static boolean plainXml(String contentType) {
		if (contentType == null) {
			return false;
		}
		String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
		if (!parts[0].strip().equals("text/xml")) {
			return false;
		}
		for (int i = 1; i < parts.length; i++) {
			String[] parameter = parts[i].split("=", 2);
			if (parameter[0].strip().equals("charset") && (parameter.length < 2
					|| !parameter[1].strip().replace("\"", "").equals("utf-8"))) {
				return false;
			}
		}
		return true;
	}

	private static SoapCall envelope(XMLStreamReader xml) throws XMLStreamException {
		String declared = xml.getCharacterEncodingScheme();
		if (declared != null && !declared.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
			return null;
		}
		if (nextElement(xml) != XMLStreamConstants.START_ELEMENT || !is(xml, SOAP_11, "Envelope")) {
			return null;
		}
		if (nextElement(xml) != XMLStreamConstants.START_ELEMENT) {
			return null;
		}
		if (is(xml, SOAP_11, "Header")) {
			if (nextElement(xml) != XMLStreamConstants.END_ELEMENT || nextElement(xml) != XMLStreamConstants.START_ELEMENT) {
				// a header entry: Spring-WS decides whether it must be understood
				return null;
			}
		}
		if (!is(xml, SOAP_11, "Body") || nextElement(xml) != XMLStreamConstants.START_ELEMENT
				|| !Soap.NS.equals(xml.getNamespaceURI())) {
			return null;
		}
		String operation = xml.getLocalName();
		Map<String, String> parameters = new HashMap<>();
		int event;
		while ((event = nextElement(xml)) == XMLStreamConstants.START_ELEMENT) {
			String name = xml.getLocalName();
			String text = text(xml);
			if (text == null) {
				return null;
			}
			parameters.putIfAbsent(name, text);
		}
		// the operation's end, then the body's and the envelope's, and nothing after
		if (event != XMLStreamConstants.END_ELEMENT || nextElement(xml) != XMLStreamConstants.END_ELEMENT
				|| nextElement(xml) != XMLStreamConstants.END_ELEMENT
				|| nextElement(xml) != XMLStreamConstants.END_DOCUMENT) {
			return null;
		}
		return new SoapCall(operation, parameters);
	}

	/** The text of the element just started, up to its end; null when it holds an element or anything but text. */
	private static String text(XMLStreamReader xml) throws XMLStreamException {
		StringBuilder text = null;
		String first = "";
		while (true) {
			int event = xml.next();
			switch (event) {
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
					if (text != null) {
						text.append(xml.getText());
					}
					else if (first.isEmpty()) {
						first = xml.getText();
					}
					else {
						text = new StringBuilder(first).append(xml.getText());
					}
				}
				case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
				}
				case XMLStreamConstants.END_ELEMENT -> {
					return (text != null) ? text.toString() : first;
				}
				default -> {
					return null;
				}
			}
		}
	}

	/**
	 * The next start or end of an element, or the document's end, past whitespace, comments and processing
	 * instructions; -1 for anything else (text between elements, a DOCTYPE, an entity).
	 */
	private static int nextElement(XMLStreamReader xml) throws XMLStreamException {
		while (xml.hasNext()) {
			int event = xml.next();
			switch (event) {
				case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
					return event;
				}
				case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION, XMLStreamConstants.SPACE -> {
				}
				case XMLStreamConstants.CHARACTERS -> {
					if (!xml.isWhiteSpace()) {
						return -1;
					}
				}
				default -> {
					return -1;
				}
			}
		}
		return XMLStreamConstants.END_DOCUMENT;
	}

	private static boolean is(XMLStreamReader xml, String namespace, String localName) {
		return namespace.equals(xml.getNamespaceURI()) && localName.equals(xml.getLocalName());
	}

}
