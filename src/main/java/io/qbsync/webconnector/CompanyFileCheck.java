package io.qbsync.webconnector;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.XMLStreamException;

import io.qbsync.company.Company;
import io.qbsync.qbxml.HostInfo;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * QuickBooks' description of itself (the HCP response: Host, Company and Preferences queries), which the Web
 * Connector sends only with a session's first sendRequestXML: it proves which company file is open (its FileID under
 * our OwnerID) and fixes the qbXML version. A later call bringing another one, or naming another company file, is a
 * second Web Connector presenting the ticket.
 */
@Component
class CompanyFileCheck {

	private static final Logger log = LoggerFactory.getLogger(CompanyFileCheck.class);

	/** How the error of a session that found another company file open begins. */
	static final String WRONG_FILE = "The Web Connector opened a different QuickBooks company file";

	private final WebConnectorSessions sessions;

	private final SessionEnds ends;

	CompanyFileCheck(WebConnectorSessions sessions, SessionEnds ends) {
		this.sessions = sessions;
		this.ends = ends;
	}

	/**
	 * The session's qbXML version: agreed on its first sendRequestXML, as agreed then on a later one. Empty when the
	 * session ended instead: another company's file is open, or a second Web Connector presented the ticket. The same
	 * first call again (the endpoint retrying it after a deadlock rolled it back, or resending it) is no second Web
	 * Connector and goes on as usual.
	 */
	Optional<QbxmlVersion> version(WebConnectorSession session, Company company, String hcp, String fileName,
			int major, int minor, Instant now) {
		if (session.qbxmlVersion() == null) {
			return firstCall(session, company, hcp, fileName, major, minor, now);
		}
		Optional<String> intruder = secondWebConnector(session, hcp, fileName);
		if (intruder.isPresent()) {
			this.sessions.recordError(session.id(), "qbsync ended this session: a second Web Connector "
					+ "presented its ticket " + intruder.get() + ". Nothing more was sent. Run the Web Connector "
					+ "again to start a new session. If this happens again, make sure only one Web Connector, "
					+ "on the PC with this company's file, uses this company's .qwc file and password.", now);
			this.ends.end(session.id(), SessionState.FAILED, now,
					"A second Web Connector presented this session's ticket before QuickBooks' answer came back");
			log.warn("Session ended: a second Web Connector presented the ticket of session {} {} (company "
					+ "file '{}', the session's is '{}')", session.id(), intruder.get(), LogSafe.text(fileName),
					session.companyFileName());
			return Optional.empty();
		}
		return Optional.of(QbxmlVersion.parse(session.qbxmlVersion()).orElseThrow());
	}

	/**
	 * The session's first call: the qbXML version agreed and recorded with what QuickBooks said of itself, or empty
	 * (the session ended FAILED) when another company's file is open.
	 */
	private Optional<QbxmlVersion> firstCall(WebConnectorSession session, Company company, String hcp, String fileName,
			int major, int minor, Instant now) {
		if (hcp == null) {
			QbxmlVersion version = agreeVersion(List.of(QbxmlVersion.of(major, minor)), company);
			this.sessions.recordHost(session.id(), HostInfo.EMPTY, null, fileName, version);
			return Optional.of(version);
		}
		HostInfo host;
		try {
			host = HostInfo.parse(hcp, company.ownerId());
		}
		catch (XMLStreamException ex) {
			log.warn("Could not read the Web Connector's description of QuickBooks (HCP response): {}", ex.getMessage());
			host = HostInfo.EMPTY;
		}
		if (host.fileId() != null && !host.fileId().equalsIgnoreCase(company.fileId())) {
			String error = WRONG_FILE
					+ ((host.companyName() != null) ? " (\"" + host.companyName() + "\")" : "") + " than the one set up "
					+ "for " + company.name() + " in qbsync. Nothing was sent. Open the right company file, or add this "
					+ "file to qbsync as its own company with its own .qwc file.";
			this.sessions.recordError(session.id(), error, now);
			this.sessions.end(session.id(), SessionState.OPEN, SessionState.FAILED, now);
			log.warn("Session refused: company file FileID does not match company {}", company.id());
			return Optional.empty();
		}
		List<QbxmlVersion> offered = host.supportedVersions().isEmpty() ? List.of(QbxmlVersion.of(major, minor))
				: host.supportedVersions();
		QbxmlVersion version = agreeVersion(offered, company);
		this.sessions.recordHost(session.id(), host, digest(hcp), fileName, version);
		log.info("QuickBooks '{}' ({}), qbXML {} agreed", host.productName(), host.country(), version);
		return Optional.of(version);
	}

	/** Why a later call of the session comes from another Web Connector, if it does. */
	private static Optional<String> secondWebConnector(WebConnectorSession session, String hcp, String fileName) {
		if (hcp != null && !digest(hcp).equals(session.hcpSha256())) {
			return Optional.of("with its own description of QuickBooks (a second HCP response)");
		}
		String sessionFile = (session.companyFileName() != null) ? session.companyFileName() : "";
		if (!fileName.equalsIgnoreCase(sessionFile)) {
			return Optional.of("with another company file open");
		}
		return Optional.empty();
	}

	/** The highest qbXML version both QuickBooks and we read, capped by the company's setting. */
	private static QbxmlVersion agreeVersion(List<QbxmlVersion> offered, Company company) {
		QbxmlVersion cap = QbxmlVersion.parse(company.qbxmlVersion()).orElse(QbxmlVersion.NEWEST);
		return QbxmlVersion.highestUpTo(offered, cap).orElse(offered.stream().min(QbxmlVersion::compareTo).orElse(cap));
	}

	/** The HCP response as stored: its SHA-256 (hex), like a ticket's. */
	private static String digest(String hcp) {
		return Tickets.hash(hcp);
	}

}
