package io.qbsync.qbxml;

import java.io.StringReader;
import java.net.URL;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;

/**
 * Intuit's qbXML 16.0 schema set (a copy under {@code src/test/resources/qbxml/xsd}, origin in its README), compiled
 * once, for checking that every request we write is one QuickBooks would accept.
 */
public final class QbxmlSchema {

	private static Schema schema;

	private QbxmlSchema() {
	}

	/** Throws with the validator's message (line, column, what it expected) when the document is not valid. */
	public static void validate(String document) {
		try {
			schema().newValidator().validate(new StreamSource(new StringReader(document)));
		}
		catch (SAXException ex) {
			throw new AssertionError("Not valid against qbxmlops160.xsd: " + ex.getMessage() + "\n" + document, ex);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static synchronized Schema schema() {
		if (schema == null) {
			try {
				URL xsd = QbxmlSchema.class.getResource("/qbxml/xsd/qbxmlops160.xsd");
				SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
				schema = factory.newSchema(xsd);
			}
			catch (SAXException ex) {
				throw new IllegalStateException("The qbXML schema does not load", ex);
			}
		}
		return schema;
	}

}
