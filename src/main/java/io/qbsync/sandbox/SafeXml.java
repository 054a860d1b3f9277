package io.qbsync.sandbox;

import java.io.IOException;
import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Hardened DOM parsing and escaping shared by the harness: DOCTYPE is refused outright, so neither
 * external entities nor entity expansion can be used against the tests.
 */
final class SafeXml {

	private SafeXml() {
	}

	/** Parses a document namespace-aware; throws {@link SAXException} for anything not well-formed or with a DOCTYPE. */
	static Document parse(String xml) throws SAXException {
		if (xml == null) {
			throw new SAXException("document is null");
		}
		try {
			DocumentBuilder builder = factory().newDocumentBuilder();
			builder.setErrorHandler(new ErrorHandler() {
				@Override
				public void warning(SAXParseException e) {
				}

				@Override
				public void error(SAXParseException e) throws SAXException {
					throw e;
				}

				@Override
				public void fatalError(SAXParseException e) throws SAXException {
					throw e;
				}
			});
			return builder.parse(new InputSource(new StringReader(xml)));
		}
		catch (ParserConfigurationException | IOException e) {
			throw new SAXException(e);
		}
	}

	private static DocumentBuilderFactory factory() throws ParserConfigurationException {
		DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // no class path scan per parse
		f.setNamespaceAware(true);
		f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		f.setFeature("http://xml.org/sax/features/external-general-entities", false);
		f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
		f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
		f.setXIncludeAware(false);
		f.setExpandEntityReferences(false);
		return f;
	}

	/** Escapes character data. A CR is written as a reference so it survives XML end-of-line normalisation. */
	static String escapeText(String s) {
		StringBuilder sb = new StringBuilder(s.length() + 16);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '&' -> sb.append("&amp;");
				case '<' -> sb.append("&lt;");
				case '>' -> sb.append("&gt;");
				case '\r' -> sb.append("&#xD;");
				default -> sb.append(c);
			}
		}
		return sb.toString();
	}

	/** Escapes an attribute value written between double quotes. */
	static String escapeAttribute(String s) {
		return escapeText(s).replace("\"", "&quot;").replace("\n", "&#xA;").replace("\t", "&#x9;");
	}

	/** Concatenated text and CDATA content of an element's direct children. */
	static String textOf(Element e) {
		StringBuilder sb = new StringBuilder();
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
				sb.append(n.getNodeValue());
			}
		}
		return sb.toString();
	}

	/** First element child, or null. */
	static Element firstElement(Node parent) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element el) {
				return el;
			}
		}
		return null;
	}

	/** First element child with the given namespace (null = no namespace) and local name, or null. */
	static Element child(Node parent, String namespace, String localName) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element el && localName.equals(el.getLocalName())
					&& java.util.Objects.equals(namespace, el.getNamespaceURI())) {
				return el;
			}
		}
		return null;
	}

	/** First element child with the given local name in any namespace, or null. */
	static Element childAnyNamespace(Node parent, String localName) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element el && localName.equals(el.getLocalName())) {
				return el;
			}
		}
		return null;
	}
}
