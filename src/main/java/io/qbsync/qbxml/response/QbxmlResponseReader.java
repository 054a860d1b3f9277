package io.qbsync.qbxml.response;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.qbsync.qbxml.SecureXml;

/**
 * Reads a qbXML response document ({@code QBXML/QBXMLMsgsRs/*Rs/*Ret}) with StAX and hands it to a
 * {@link ResponseHandler} one {@code *Rs} and one object at a time, so memory stays flat however many objects
 * come back; only the object being read is held, within {@link ResponseLimits}.
 * <p>
 * Lenient where QuickBooks is untidy (unknown elements and attributes are kept as fields or skipped, never
 * fatal; responses are not validated against the XSD) and strict where the input could be hostile: a DOCTYPE,
 * entity reference or external resource fails the read before anything is resolved. Empty input and non-XML
 * fail with a {@link QbxmlResponseException}; the Web Connector's "empty response plus hresult" case must be
 * handled by the caller before getting here.
 * <p>
 * The caller owns and closes the {@link Reader}/{@link InputStream}.
 */
public final class QbxmlResponseReader {

	private QbxmlResponseReader() {
	}

	/** Streams a response to {@code handler} with the default limits. */
	public static void read(Reader in, ResponseHandler handler) {
		read(in, handler, ResponseLimits.DEFAULTS);
	}

	/** Streams a response to {@code handler}. */
	public static void read(Reader in, ResponseHandler handler, ResponseLimits limits) {
		PushbackReader source = new PushbackReader(in, 1);
		try {
			source.unread(firstNonBlank(source::read));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		parse(() -> factory().createXMLStreamReader(source), handler, limits);
	}

	/** Streams a response to {@code handler} with the default limits; the encoding comes from the XML declaration. */
	public static void read(InputStream in, ResponseHandler handler) {
		read(in, handler, ResponseLimits.DEFAULTS);
	}

	/** Streams a response to {@code handler}; the encoding comes from the XML declaration (UTF-8 by default). */
	public static void read(InputStream in, ResponseHandler handler, ResponseLimits limits) {
		PushbackInputStream source = new PushbackInputStream(in, 1);
		try {
			source.unread(firstNonBlank(source::read));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		parse(() -> factory().createXMLStreamReader(source), handler, limits);
	}

	/**
	 * The first character (or byte) that is not white space or a byte-order mark; an empty response is refused here,
	 * with a clear message, rather than by the XML parser.
	 */
	private static int firstNonBlank(Next next) throws IOException {
		int c;
		do {
			c = next.read();
		}
		while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF');
		if (c < 0) {
			throw new QbxmlResponseException("The qbXML response is empty");
		}
		return c;
	}

	private static void parse(Source source, ResponseHandler handler, ResponseLimits limits) {
		XMLStreamReader xml;
		try {
			xml = source.open();
		}
		catch (XMLStreamException ex) {
			throw notXml(ex);
		}
		new ResponseParser(xml, handler, limits).run();
	}

	/** Reads one character or byte, -1 at the end. */
	@FunctionalInterface
	private interface Next {

		int read() throws IOException;

	}

	/** Opens the StAX reader over the prepared input. */
	@FunctionalInterface
	private interface Source {

		XMLStreamReader open() throws XMLStreamException;

	}

	/** Reads a whole (small) response into memory: one {@link QbResponse} per {@code *Rs}, in document order. */
	public static List<QbResponse> readAll(String response) {
		if (response == null || response.isBlank()) {
			throw new QbxmlResponseException("The qbXML response is empty");
		}
		return readAll(new StringReader(response));
	}

	/** Reads a whole (small) response into memory: one {@link QbResponse} per {@code *Rs}, in document order. */
	public static List<QbResponse> readAll(Reader response) {
		Collector collector = new Collector();
		read(response, collector);
		return Collections.unmodifiableList(collector.responses);
	}

	private static XMLInputFactory factory() {
		XMLInputFactory factory = SecureXml.inputFactory();
		// Belt and braces on top of SecureXml: whatever StAX implementation is on the classpath, never fetch.
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new XMLStreamException("External resource refused: " + systemId);
		});
		if (factory.isPropertySupported(XMLConstants.ACCESS_EXTERNAL_DTD)) {
			factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		}
		return factory;
	}

	static QbxmlResponseException notXml(XMLStreamException ex) {
		Location at = ex.getLocation();
		String where = at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
		String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
		// JDK messages start with "ParseError at [row,col]: ..." which we already report
		int cut = message.indexOf("Message: ");
		return new QbxmlResponseException("The qbXML response is not well-formed XML" + where + ": "
				+ (cut >= 0 ? message.substring(cut + 9) : message), ex);
	}

	/** Gathers everything for {@link #readAll}. */
	private static final class Collector implements ResponseHandler {

		final List<QbResponse> responses = new ArrayList<>();

		private List<QbObject> objects = new ArrayList<>();

		private List<DeletedObject> deleted = new ArrayList<>();

		@Override
		public void onResponse(QbResponseStatus status) {
			objects = new ArrayList<>();
			deleted = new ArrayList<>();
		}

		@Override
		public void onObject(QbResponseStatus status, QbObject object) {
			objects.add(object);
		}

		@Override
		public void onDeleted(QbResponseStatus status, DeletedObject entry) {
			deleted.add(entry);
		}

		@Override
		public void onResponseEnd(QbResponseStatus status) {
			responses.add(new QbResponse(status, objects, deleted));
		}

	}

}
