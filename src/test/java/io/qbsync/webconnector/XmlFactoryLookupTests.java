package io.qbsync.webconnector;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;

import io.qbsync.qbxml.SecureXml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XML factories of a Web Connector call are the JDK's own, found without JAXP's scan of the class path (every
 * jar's lock, on every call), and they are the ones that scan would have found.
 */
class XmlFactoryLookupTests {

	@Test
	void saajsTransformerFactoryIsNamedAndIsTheJdksOwn() {
		WebConnectorConfiguration.nameTheTransformerFactory();
		Class<?> jdks = TransformerFactory.newDefaultInstance().getClass();
		assertThat(System.getProperty(TransformerFactory.class.getName())).isEqualTo(jdks.getName());
		assertThat(TransformerFactory.newInstance()).isExactlyInstanceOf(jdks);
	}

	@Test
	void ourParsersAreTheJdksOwn() {
		assertThat(SecureXml.documentBuilder().getClass().getName()).startsWith("com.sun.org.apache.xerces.internal.");
		assertThat(SecureXml.inputFactory()).isExactlyInstanceOf(XMLInputFactory.newDefaultFactory().getClass());
		assertThat(SecureXml.transformerFactory())
			.isExactlyInstanceOf(TransformerFactory.newDefaultInstance().getClass());
		// no jar on the class path offers another, so the lookup the JDK's own replaces found these too
		assertThat(DocumentBuilderFactory.newInstance()).isExactlyInstanceOf(DocumentBuilderFactory.newDefaultInstance().getClass());
		assertThat(XMLInputFactory.newFactory()).isExactlyInstanceOf(XMLInputFactory.newDefaultFactory().getClass());
	}

}
