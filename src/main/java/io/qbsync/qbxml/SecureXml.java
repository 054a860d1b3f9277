package io.qbsync.qbxml;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML parser factories that refuse DOCTYPEs, external entities and entity expansion. Everything qbsync parses
 * (SOAP bodies, qbXML from QuickBooks, qbXML from the API) comes from outside and goes through these. They are the
 * JDK's own: JAXP's {@code newInstance} would look for another by scanning every jar on the class path, taking each
 * jar's lock, on every call (none has one), and under load the Web Connector's calls queued on those locks.
 */
public final class SecureXml {

	private SecureXml() {
	}

	/** A namespace-aware DOM builder that rejects any document with a DOCTYPE. */
	public static DocumentBuilder documentBuilder() {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
			factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(new ErrorHandler() {
				@Override
				public void warning(SAXParseException ex) {
				}

				@Override
				public void error(SAXParseException ex) throws SAXException {
					throw ex;
				}

				@Override
				public void fatalError(SAXParseException ex) throws SAXException {
					throw ex;
				}
			});
			return builder;
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("The XML parser cannot be configured securely", ex);
		}
	}

	/** A streaming parser with DTDs and external entities switched off (a DOCTYPE then fails the parse). */
	public static XMLInputFactory inputFactory() {
		XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
		return factory;
	}

	/** A transformer factory for writing XML that never fetches anything. */
	public static TransformerFactory transformerFactory() {
		TransformerFactory factory = TransformerFactory.newDefaultInstance();
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
		return factory;
	}

}
