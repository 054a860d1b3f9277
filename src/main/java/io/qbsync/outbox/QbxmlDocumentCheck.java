package io.qbsync.outbox;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.SecureXml;
import io.qbsync.system.FieldProblem;

/**
 * Checks that a text is a qbXML request document QuickBooks could read: well-formed XML without a DOCTYPE, a
 * {@code <?qbxml version="X.Y"?>} declaration, a QBXML root and a QBXMLMsgsRq inside it.
 */
final class QbxmlDocumentCheck {

	static final int MAX_CHARS = 5 * 1024 * 1024;

	private static final Pattern VERSION = Pattern.compile("version\\s*=\\s*[\"']([^\"']*)[\"']");

	/** The result: the declared version (when readable) and every problem found. */
	record Result(QbxmlVersion version, List<FieldProblem> problems) {
	}

	private QbxmlDocumentCheck() {
	}

	static Result check(String text) {
		List<FieldProblem> problems = new ArrayList<>();
		if (text == null || text.isBlank()) {
			problems.add(new FieldProblem("body", "is empty: send a qbXML request document"));
			return new Result(null, problems);
		}
		if (text.length() > MAX_CHARS) {
			problems.add(new FieldProblem("body", "is larger than " + MAX_CHARS
					+ " characters: QuickBooks handles small documents best, split it into several"));
			return new Result(null, problems);
		}
		QbxmlVersion version = null;
		boolean sawVersionPi = false;
		try {
			XMLStreamReader reader = SecureXml.inputFactory().createXMLStreamReader(new StringReader(text));
			int depth = 0;
			boolean sawRoot = false;
			boolean sawMsgs = false;
			while (reader.hasNext()) {
				int event = reader.next();
				switch (event) {
					case XMLStreamConstants.DTD -> {
						problems.add(new FieldProblem("body", "has a DOCTYPE, which qbsync never accepts"));
						return new Result(null, problems);
					}
					case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
						if ("qbxml".equals(reader.getPITarget()) && depth == 0) {
							sawVersionPi = true;
							Matcher m = VERSION.matcher(String.valueOf(reader.getPIData()));
							version = m.find() ? QbxmlVersion.parse(m.group(1)).filter(QbxmlVersion::isKnown).orElse(null)
									: null;
						}
					}
					case XMLStreamConstants.START_ELEMENT -> {
						depth++;
						if (depth == 1) {
							sawRoot = "QBXML".equals(reader.getLocalName());
						}
						else if (depth == 2 && sawRoot && "QBXMLMsgsRq".equals(reader.getLocalName())) {
							sawMsgs = true;
						}
					}
					case XMLStreamConstants.END_ELEMENT -> depth--;
					default -> {
					}
				}
			}
			if (!sawVersionPi) {
				problems.add(new FieldProblem("body",
						"has no <?qbxml version=\"X.Y\"?> declaration after the XML declaration; QuickBooks needs it"));
			}
			else if (version == null) {
				problems.add(new FieldProblem("body",
						"declares a qbXML version QuickBooks does not know; use one from 1.0 to 16.0, such as 13.0"));
			}
			if (!sawRoot) {
				problems.add(new FieldProblem("body", "must have <QBXML> as its root element"));
			}
			else if (!sawMsgs) {
				problems.add(new FieldProblem("body", "must have a <QBXMLMsgsRq> element inside <QBXML>"));
			}
		}
		catch (XMLStreamException ex) {
			problems.add(new FieldProblem("body", "is not well-formed XML (" + firstLine(ex.getMessage()) + ")"));
		}
		return new Result(version, problems);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		String[] lines = message.strip().split("\\R");
		return lines[lines.length - 1].strip();
	}

}
