package io.qbsync.sandbox;

import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A SOAP fault found in a response body. SOAP 1.1 faults ({@code faultcode}/{@code faultstring}) are what a
 * QBWC endpoint must produce; SOAP 1.2 faults are recognised too so a mis-configured server is reported
 * clearly instead of as "no result".
 */
public record SoapFault(String faultCode, String faultString, String soapVersion) {

	public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
	public static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";

	/** Returns the fault in {@code body}, or empty when the body is not a SOAP envelope holding a Fault. */
	public static Optional<SoapFault> find(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		Document doc;
		try {
			doc = SafeXml.parse(body);
		}
		catch (SAXException e) {
			return Optional.empty();
		}
		Element envelope = doc.getDocumentElement();
		String ns = envelope.getNamespaceURI();
		if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP11_NS.equals(ns) || SOAP12_NS.equals(ns))) {
			return Optional.empty();
		}
		Element soapBody = SafeXml.child(envelope, ns, "Body");
		Element fault = soapBody == null ? null : SafeXml.child(soapBody, ns, "Fault");
		if (fault == null) {
			return Optional.empty();
		}
		if (SOAP11_NS.equals(ns)) {
			// SOAP 1.1 fault children are unqualified; be lenient about a prefix anyway.
			Element code = SafeXml.childAnyNamespace(fault, "faultcode");
			Element string = SafeXml.childAnyNamespace(fault, "faultstring");
			return Optional.of(new SoapFault(code == null ? null : SafeXml.textOf(code).trim(),
					string == null ? null : SafeXml.textOf(string).trim(), "1.1"));
		}
		Element code = SafeXml.child(fault, ns, "Code");
		Element value = code == null ? null : SafeXml.child(code, ns, "Value");
		Element reason = SafeXml.child(fault, ns, "Reason");
		Element text = reason == null ? null : SafeXml.child(reason, ns, "Text");
		return Optional.of(new SoapFault(value == null ? null : SafeXml.textOf(value).trim(),
				text == null ? null : SafeXml.textOf(text).trim(), "1.2"));
	}
}
