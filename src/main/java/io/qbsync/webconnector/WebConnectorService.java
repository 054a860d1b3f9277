package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.qbsync.company.Companies;
import io.qbsync.company.Company;
import io.qbsync.metrics.SyncMetrics;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.release.ReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Web Connector protocol, one method per SOAP operation, over sessions and outboxes kept in the database: tickets
 * and the session they stand for here; logins in {@link WebConnectorLogins}, the company file check in
 * {@link CompanyFileCheck}, the choice of the next document in {@link NextDocument}, what becomes of it when the Web
 * Connector comes back in {@link DocumentAnswers}, session ends in {@link SessionEnds}.
 *
 * <p>
 * The Web Connector is steered by return values, not faults: authenticate decides whether a session does anything,
 * sendRequestXML hands over one qbXML document ("" means "ask getLastError"), receiveResponseXML answers progress
 * (0-99 more to come, 100 done, negative error). Every document is recorded as sent before it leaves and its answer
 * is stored in the same transaction that acknowledges it, so a crash never loses or repeats one.
 */
@Service
public class WebConnectorService {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorService.class);

	static final String UNKNOWN_SESSION = "qbsync does not recognise this Web Connector session: it has ended or "
			+ "expired, or it belongs to another company file. Nothing was sent or changed. Run the Web Connector "
			+ "again to start a new session.";

	static final String UNKNOWN_CLOSE = "qbsync did not recognise this session; nothing was changed.";

	private final Companies companies;

	private final WebConnectorSessions sessions;

	private final WebConnectorLogins logins;

	private final CompanyFileCheck fileCheck;

	private final NextDocument nextDocument;

	private final DocumentAnswers answers;

	private final SessionEnds ends;

	private final ReleaseService releases;

	private final WebConnectorSettings settings;

	private final SyncMetrics metrics;

	private final RefusedTickets refused;

	private final ProvenAddresses proven;

	private final Clock clock;

	WebConnectorService(Companies companies, WebConnectorSessions sessions, WebConnectorLogins logins,
			CompanyFileCheck fileCheck, NextDocument nextDocument, DocumentAnswers answers, SessionEnds ends,
			ReleaseService releases, WebConnectorSettings settings, SyncMetrics metrics, RefusedTickets refused,
			ProvenAddresses proven, Clock clock) {
		this.companies = companies;
		this.sessions = sessions;
		this.logins = logins;
		this.fileCheck = fileCheck;
		this.nextDocument = nextDocument;
		this.answers = answers;
		this.ends = ends;
		this.releases = releases;
		this.settings = settings;
		this.metrics = metrics;
		this.refused = refused;
		this.proven = proven;
		this.clock = clock;
	}

	public String serverVersion() {
		String version = WebConnectorService.class.getPackage().getImplementationVersion();
		return "qbsync " + ((version != null) ? version : "dev");
	}

	/** "" to go on, "W:..." to warn (the user may continue), "E:..." to refuse an outdated Web Connector. */
	public String clientVersion(String version) {
		int[] client = ClientVersions.parse(version);
		if (client == null) {
			log.warn("Web Connector sent an unreadable version; letting it continue");
			return "";
		}
		if (ClientVersions.compare(client, ClientVersions.parse(this.settings.minClientVersion())) < 0) {
			log.warn("Refused Web Connector version {} (minimum {})", version, this.settings.minClientVersion());
			return "E:This QuickBooks Web Connector (version " + version.strip() + ") is too old for qbsync. Install "
					+ "version " + this.settings.minClientVersion() + " or newer from Intuit, then run it again.";
		}
		if (ClientVersions.compare(client, ClientVersions.parse(this.settings.recommendedClientVersion())) < 0) {
			return "W:This QuickBooks Web Connector (version " + version.strip() + ") works with qbsync, but version "
					+ this.settings.recommendedClientVersion() + " or newer is recommended. Click OK to continue.";
		}
		return "";
	}

	/**
	 * Checks the Web Connector's login and opens a session. Answers [ticket, "nvu"] for a wrong username or password
	 * (the same either way), [ticket, "none"] when there is nothing to send, or [ticket, company file path] to start.
	 * Optional third and fourth elements ask the Web Connector to wait (seconds) and to run no more often than every
	 * N seconds.
	 *
	 * <p>
	 * Wrong passwords hold back the username from that source address only, with growing waits; the password check
	 * runs outside any transaction and a bounded number at once, so a storm of logins holds no database connection.
	 * @param address where the call came from (the servlet request's remote address, a trusted proxy's
	 * X-Forwarded-For)
	 */
	public List<String> authenticate(String username, String password, String address) {
		return authenticate(username, password, address, false);
	}

	/**
	 * As {@link #authenticate(String, String, String)}; {@code builtInClient}: the call carried the key of qbsync's own
	 * built-in Web Connector ({@link BuiltInClient}). A sandbox company logs in only with it, right password or not.
	 */
	public List<String> authenticate(String username, String password, String address, boolean builtInClient) {
		return this.logins.authenticate(username, password, address, builtInClient);
	}

	/** A company's recent failed logins, by source address, and the addresses its Web Connector logs in from. */
	@Transactional(readOnly = true)
	public LoginReport logins(Company company) {
		return this.logins.logins(company);
	}

	/**
	 * Hands the Web Connector the company's next queued document, recorded as SENT (with this session) before it is
	 * returned. The first call of a session also carries QuickBooks' description of itself, which fixes the qbXML
	 * version and proves the right company file is open; a later call bringing another one, or naming another company
	 * file, is a second Web Connector presenting this ticket ({@link CompanyFileCheck}). Answers "" when nothing can be
	 * sent; getLastError then says why.
	 */
	@Transactional
	public String sendRequestXML(String ticket, String hcpResponse, String companyFileName, String country,
			int qbxmlMajor, int qbxmlMinor) {
		Instant now = this.clock.instant();
		Optional<Live> live = lockLive(ticket, "sendRequestXML", now);
		if (live.isEmpty()) {
			return "";
		}
		WebConnectorSession session = live.get().session();
		Company company = live.get().company();
		try (Mdc mdc = Mdc.session(company.id(), live.get().ticketHash())) {
			String fileName = (companyFileName != null) ? companyFileName.strip() : "";
			String hcp = (hcpResponse != null && !hcpResponse.isBlank()) ? hcpResponse : null;
			Optional<QbxmlVersion> version = this.fileCheck.version(session, company, hcp, fileName, qbxmlMajor,
					qbxmlMinor, now);
			if (version.isEmpty()) {
				return "";
			}
			if (session.inFlightDocumentId() != null) {
				this.answers.lost(session, now);
			}
			String document = this.nextDocument.next(session, company, version.get(), now);
			this.metrics.sent(document);
			return document;
		}
	}

	/**
	 * Stores QuickBooks' answer to the document in flight and moves it on, in one transaction. A non-empty hresult
	 * means QuickBooks could not process the document: the answer is negative and getLastError explains it.
	 * @return percent done (0-99 more to come, 100 finished) or -1 on error
	 */
	@Transactional
	public int receiveResponseXML(String ticket, String response, String hresult, String message) {
		Instant now = this.clock.instant();
		Optional<Live> live = lockLive(ticket, "receiveResponseXML", now);
		if (live.isEmpty()) {
			return -1;
		}
		WebConnectorSession session = live.get().session();
		try (Mdc mdc = Mdc.session(session.companyId(), live.get().ticketHash())) {
			Long docId = session.inFlightDocumentId();
			if (docId == null) {
				this.sessions.recordError(session.id(), "The Web Connector returned an answer qbsync was not waiting "
						+ "for. Nothing was changed. Run the Web Connector again.", now);
				log.warn("receiveResponseXML without a document in flight");
				return -1;
			}
			if (hresult != null && !hresult.isBlank()) {
				this.answers.failed(session, docId, hresult, message, now);
				return -1;
			}
			if (response == null || response.isBlank()) {
				this.answers.empty(session, docId, now);
				return -1;
			}
			this.answers.answered(session, docId, response, now);
			int done = session.documentsAnswered() + session.documentsFailed() + 1;
			int remaining = this.nextDocument.waiting(session.companyId(), now);
			int progress = (remaining == 0) ? 100 : Math.min(99, done * 100 / (done + remaining));
			log.info("Stored QuickBooks' answer to outbox document {}; {} document(s) left", docId, remaining);
			return progress;
		}
	}

	/** QuickBooks could not be opened: records why and ends the session ("done" stops the Web Connector). */
	@Transactional
	public String connectionError(String ticket, String hresult, String message) {
		Instant now = this.clock.instant();
		Optional<Live> live = lockLive(ticket, "connectionError", now);
		if (live.isEmpty()) {
			return "done";
		}
		WebConnectorSession session = live.get().session();
		try (Mdc mdc = Mdc.session(session.companyId(), live.get().ticketHash())) {
			this.sessions.recordConnectionError(session.id(), hresult, message);
			this.sessions.recordError(session.id(), Hresults.explain(hresult, message), now);
			this.ends.end(session.id(), SessionState.FAILED, now,
					"The Web Connector reported a connection error before QuickBooks' answer came back");
			log.warn("The Web Connector could not open QuickBooks: {}", hresult);
			return "done";
		}
	}

	/** What went wrong, in words for the person at the Web Connector. */
	@Transactional(readOnly = true)
	public String getLastError(String ticket) {
		Optional<WebConnectorSession> session = find(ticket);
		if (session.isEmpty()) {
			return UNKNOWN_SESSION;
		}
		String error = session.get().lastError();
		return (error != null) ? error : "qbsync has no error to report for this session.";
	}

	/** Ends the session and answers a one-line summary, shown in the Web Connector's status column. */
	@Transactional
	public String closeConnection(String ticket) {
		Instant now = this.clock.instant();
		Optional<String> hash = hashOf(ticket);
		Optional<WebConnectorSession> found = hash.flatMap(this.sessions::lockByTicketHash);
		if (found.isEmpty()) {
			hash.ifPresent(this.refused::rememberAbsent);
			log.warn("closeConnection refused: unknown ticket");
			return UNKNOWN_CLOSE;
		}
		WebConnectorSession session = found.get();
		try (Mdc mdc = Mdc.session(session.companyId(), hash.get())) {
			if (session.state() == SessionState.OPEN) {
				this.ends.end(session.id(), SessionState.CLOSED, now,
						"The session closed before QuickBooks' answer came back");
			}
			WebConnectorSession ended = this.sessions.findById(session.id()).orElseThrow();
			log.info("Session {} closed: {} sent, {} answered, {} failed", ended.id(), ended.documentsSent(),
					ended.documentsAnswered(), ended.documentsFailed());
			return SessionEnds.summary(ended);
		}
	}

	/** Interactive mode is not used by a scheduled sync: no URL, and any interactive session is done at once. */
	public String getInteractiveURL(String ticket, String sessionId) {
		return "";
	}

	public String interactiveDone(String ticket) {
		return "DONE";
	}

	public String interactiveRejected(String ticket, String reason) {
		return "DONE";
	}

	/** Ends open sessions that have had no call within the timeout. Returns how many. */
	@Transactional
	public int expireStaleSessions(int limit) {
		return this.ends.expireStale(limit);
	}

	/**
	 * Before a session's next document: releases the company's approved items that are ready (a parent that just
	 * reached QuickBooks frees its children). Outside any transaction, as a job start must be; a failure here is
	 * logged and never stops the session. A direct call, not an event: it is the moment a document is chosen, the only
	 * one at which a freed child can leave, and it also takes retries whose time has come.
	 */
	public void releaseBeforeSend(String ticket) {
		Optional<Long> company = find(ticket).filter((s) -> s.state() == SessionState.OPEN)
			.map(WebConnectorSession::companyId);
		if (company.isEmpty()) {
			return;
		}
		try (Mdc mdc = Mdc.company(company.get())) {
			this.releases.release(company.get());
		}
		catch (RuntimeException ex) {
			log.warn("Release before sending failed; the session goes on with what is queued", ex);
		}
	}

	/** The session with this ticket; a ticket no session has is remembered as absent ({@link RefusedTickets}). */
	private Optional<WebConnectorSession> find(String ticket) {
		Optional<String> hash = hashOf(ticket);
		Optional<WebConnectorSession> session = hash.flatMap(this.sessions::findByTicketHash);
		if (hash.isPresent() && session.isEmpty()) {
			this.refused.rememberAbsent(hash.get());
		}
		return session;
	}

	/** The open, unexpired session with this ticket, locked; empty (and logged) for anything else. */
	private Optional<Live> lockLive(String ticket, String operation, Instant now) {
		Optional<String> hash = hashOf(ticket);
		Optional<WebConnectorSession> session = hash.flatMap(this.sessions::lockByTicketHash);
		if (session.isEmpty()) {
			hash.ifPresent(this.refused::rememberAbsent);
			log.warn("{} refused: unknown ticket", operation);
			return Optional.empty();
		}
		if (!session.get().isLive(now, this.settings.sessionTimeout())) {
			this.refused.rememberEnded(hash.get());
			log.warn("{} refused: session {} is {}{}", operation, session.get().id(), session.get().state(),
					(session.get().state() == SessionState.OPEN) ? " but timed out" : "");
			return Optional.empty();
		}
		// whoever holds a live session's ticket is the company's Web Connector: its address is not rate limited
		String address = SourceAddresses.current();
		if (address != null) {
			this.proven.prove(SourceAddresses.of(address));
		}
		Optional<Company> company = this.companies.findById(session.get().companyId());
		return company.map((c) -> new Live(session.get(), c, hash.get()));
	}

	private static Optional<String> hashOf(String ticket) {
		if (ticket == null || ticket.isBlank() || ticket.length() > Tickets.MAX_LENGTH) {
			return Optional.empty();
		}
		return Optional.of(Tickets.hash(ticket.strip()));
	}

	private record Live(WebConnectorSession session, Company company, String ticketHash) {
	}

}
