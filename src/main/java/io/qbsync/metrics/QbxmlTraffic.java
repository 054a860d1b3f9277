package io.qbsync.metrics;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.qbsync.qbxml.SecureXml;
import io.qbsync.qbxml.response.QbResponseStatus;
import io.qbsync.qbxml.response.QbxmlResponseReader;
import io.qbsync.qbxml.response.ResponseHandler;
import io.qbsync.qbxml.status.StatusGuide;

/**
 * What a qbXML document says about the requests in it, for the counters: the request elements of a request
 * document, and one answer (type, code, failed or not) per {@code *Rs} of a response. Tags are bounded: types by
 * {@link RequestTypes}, codes by the status-code guide (a code it does not list is {@code other}).
 */
final class QbxmlTraffic {

	private static final StatusGuide GUIDE = StatusGuide.standard();

	/** One {@code *Rs}: the request type it answers, its code, and whether the request was refused. */
	record Answer(String type, String code, boolean failed) {
	}

	private QbxmlTraffic() {
	}

	/** The type of every request in a request document, in order; nothing for a document that cannot be read. */
	static List<String> requestTypes(String document) {
		List<String> types = new ArrayList<>();
		if (document == null || document.isBlank()) {
			return types;
		}
		try {
			XMLStreamReader xml = SecureXml.inputFactory().createXMLStreamReader(new StringReader(document));
			try {
				int depth = 0;
				boolean inMessages = false;
				while (xml.hasNext()) {
					int event = xml.next();
					if (event == XMLStreamConstants.START_ELEMENT) {
						depth++;
						if (depth == 2 && "QBXMLMsgsRq".equals(xml.getLocalName())) {
							inMessages = true;
						}
						else if (depth == 3 && inMessages) {
							types.add(RequestTypes.of(xml.getLocalName()));
						}
					}
					else if (event == XMLStreamConstants.END_ELEMENT) {
						depth--;
					}
				}
			}
			finally {
				xml.close();
			}
		}
		catch (XMLStreamException | RuntimeException ex) {
			// what was read so far still counts; the document itself went out as it was
		}
		return types;
	}

	/** One answer per {@code *Rs} of a response document; nothing for a response that cannot be read. */
	static List<Answer> answers(String response) {
		List<Answer> answers = new ArrayList<>();
		if (response == null || response.isBlank()) {
			return answers;
		}
		try {
			QbxmlResponseReader.read(new StringReader(response), new ResponseHandler() {
				@Override
				public void onResponse(QbResponseStatus status) {
					answers.add(new Answer(RequestTypes.of(status.responseType()), code(status.statusCode()),
							status.isError()));
				}
			});
		}
		catch (RuntimeException ex) {
			// the delivery reports an unreadable answer itself; what was read so far still counts
		}
		return answers;
	}

	/** One answer per status, as {@link #answers(String)} gives them. */
	static List<Answer> answers(List<QbResponseStatus> statuses) {
		return statuses.stream()
			.map((status) -> new Answer(RequestTypes.of(status.responseType()), code(status.statusCode()),
					status.isError()))
			.toList();
	}

	/** A qbXML status code as a tag. */
	static String code(int statusCode) {
		return GUIDE.find(statusCode).isPresent() ? Integer.toString(statusCode) : RequestTypes.OTHER;
	}

	/** A Web Connector hresult as a tag, as the guide writes it (0x80040400). */
	static String hresult(String hresult) {
		return GUIDE.find(hresult).isPresent() ? StatusGuide.canonical(hresult) : RequestTypes.OTHER;
	}

}
