package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.XMLStreamException;

import io.qbsync.company.Companies;
import io.qbsync.company.Company;
import io.qbsync.company.WebConnectorPasswordChanged;
import io.qbsync.delivery.Deliveries;
import io.qbsync.metrics.SyncMetrics;
import io.qbsync.outbox.Outbox;
import io.qbsync.outbox.OutboxDocument;
import io.qbsync.outbox.OutboxState;
import io.qbsync.qbxml.HostInfo;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.quickbooks.ImportPlanner;
import io.qbsync.release.ReleaseService;
import io.qbsync.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Web Connector protocol, one method per SOAP operation, over sessions and outboxes kept in the database.
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

	static final String NOT_VALID_USER = "nvu";

	static final String NO_WORK = "none";

	static final String UNKNOWN_SESSION = "qbsync does not recognise this Web Connector session: it has ended or "
			+ "expired, or it belongs to another company file. Nothing was sent or changed. Run the Web Connector "
			+ "again to start a new session.";

	static final String HELD_BACK = "qbsync has changes and queries for QuickBooks but is holding them back: it cannot "
			+ "confirm that the open company file is this company's (the file carries no qbsync FileID for it). Nothing "
			+ "was read or changed. Open the right company file; if it is the right one, remove the application from "
			+ "the Web Connector and add it again with this company's .qwc file from qbsync, so the Web Connector "
			+ "records the FileID in the company file.";

	/** How the error of a session that found another company file open begins. */
	static final String WRONG_FILE = "The Web Connector opened a different QuickBooks company file";

	static final String PASSWORD_CHANGED = "qbsync ended this session because the company's Web Connector password "
			+ "was changed. Type the new password into the Web Connector (right-click the application, or the Password "
			+ "column) and run it again.";

	private final Companies companies;

	private final WebConnectorSessions sessions;

	private final LoginThrottle throttle;

	private final PasswordChecks passwords;

	private final TransactionTemplate inTransaction;

	private final Outbox outbox;

	private final ImportPlanner imports;

	private final Deliveries deliveries;

	private final ReleaseService releases;

	private final WebConnectorSettings settings;

	private final SyncMetrics metrics;

	/** How long an address the Web Connector logged in from counts as one of its usual ones. */
	private static final Duration USUAL_ADDRESS_KEPT = Duration.ofDays(30);

	/** How far back the company's page and API show failed logins. */
	private static final Duration FAILURES_SHOWN = Duration.ofDays(1);

	private final Clock clock;

	/** Compared against when the username is unknown, so that both cases take the same time. */
	private final String dummyHash;

	WebConnectorService(Companies companies, WebConnectorSessions sessions, LoginThrottle throttle,
			PasswordChecks passwords, Outbox outbox, ImportPlanner imports, Deliveries deliveries,
			ReleaseService releases, PasswordEncoder encoder, PlatformTransactionManager tx,
			WebConnectorSettings settings, SyncMetrics metrics, Clock clock) {
		this.companies = companies;
		this.sessions = sessions;
		this.throttle = throttle;
		this.passwords = passwords;
		this.inTransaction = new TransactionTemplate(tx);
		this.outbox = outbox;
		this.imports = imports;
		this.deliveries = deliveries;
		this.releases = releases;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.dummyHash = encoder.encode(Tickets.newTicket());
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
		Instant now = this.clock.instant();
		String user = (username != null) ? username.strip() : "";
		String from = LoginThrottle.address(address);
		if (user.isEmpty() || user.length() > 64) {
			this.passwords.matches(password, this.dummyHash, false);
			return List.of("", NOT_VALID_USER);
		}
		boolean usual = this.throttle.isUsual(user, from, now.minus(USUAL_ADDRESS_KEPT));
		LoginThrottle.Attempt attempt = this.throttle.begin(user, from, usual, now);
		if (!attempt.allowed()) {
			if (attempt.usernameFailures() > 0) {
				log.warn("Web Connector login for '{}' from {} refused unchecked: {} failures for this username from "
						+ "all addresses within the window; only its usual addresses may try now",
						LogSafe.text(user), from, attempt.usernameFailures());
			}
			else {
				log.debug("Web Connector login for '{}' from {} refused unchecked: held back after {} failures",
						LogSafe.text(user), from, attempt.failures());
			}
			return List.of("", NOT_VALID_USER);
		}
		Optional<Company> found = this.companies.findByUsername(user);
		String hash = found.flatMap((c) -> this.companies.passwordHash(c.id())).orElse(this.dummyHash);
		Optional<Boolean> matches = this.passwords.matches(password, hash, usual);
		if (matches.isEmpty()) {
			this.throttle.uncount(user, from);
			log.warn("Web Connector login for '{}' from {} refused unchecked: too many password checks waiting",
					LogSafe.text(user), from);
			return List.of("", NOT_VALID_USER);
		}
		if (found.isEmpty() || !matches.get()) {
			log.warn("Web Connector login for '{}' from {} refused: wrong username or password ({} failure(s) from "
					+ "there{})", LogSafe.text(user), from, attempt.failures(),
					attempt.delay().isZero() ? "" : "; held back for " + attempt.delay().toSeconds() + " s");
			return List.of("", NOT_VALID_USER);
		}
		if (found.get().sandbox() && !builtInClient) {
			log.warn("Web Connector login for '{}' from {} refused: a sandbox company is served only by qbsync's "
					+ "built-in Web Connector", LogSafe.text(user), from);
			return List.of("", NOT_VALID_USER);
		}
		this.throttle.succeeded(user, from, now);
		return this.inTransaction.execute((status) -> {
			Company company = this.companies.lockById(found.get().id()).orElseThrow();
			try (Mdc mdc = Mdc.company(company.id())) {
				return openSession(company, now);
			}
		});
	}

	/** A company's recent failed logins, by source address, and the addresses its Web Connector logs in from. */
	@Transactional(readOnly = true)
	public LoginReport logins(Company company) {
		Instant now = this.clock.instant();
		return new LoginReport(this.throttle.usualAddresses(company.username(), now.minus(USUAL_ADDRESS_KEPT)),
				this.throttle.recentFailures(company.username(), now.minus(FAILURES_SHOWN)).stream()
					.map((f) -> new LoginReport.FailedLogins(f.address(), f.failures(), f.firstFailureAt(),
							f.lastFailureAt(), (f.delayedUntil() != null && f.delayedUntil().isAfter(now))
									? f.delayedUntil() : null))
					.toList());
	}

	private List<String> openSession(Company company, Instant now) {
		Instant previousCheckIn = company.lastCheckInAt();
		this.companies.recordCheckIn(company.id(), now);
		for (long stale : this.sessions.lockOpen(company.id())) {
			endWithUncertainDocuments(stale, SessionState.SUPERSEDED, now,
					"The Web Connector started a new session before this one finished");
		}
		// QuickBooks' iterators die with each session: an import cut off in the last one starts again.
		this.imports.sessionStarted(company.id());
		this.metrics.settlingUnanswered(() -> this.deliveries.settle(company.id(), now));
		String ticket = Tickets.newTicket();
		String hash = Tickets.hash(ticket);
		List<String> answer = new ArrayList<>(List.of(ticket));
		int live = this.sessions.countLive(now.minus(this.settings.sessionTimeout()));
		int queued = this.outbox.countQueued(company.id()) + (this.imports.hasWork(company.id(), now) ? 1 : 0)
				+ (this.deliveries.hasWork(company.id(), now) ? 1 : 0);
		if (queued > 0 && live >= this.settings.maxActiveSessions()) {
			long id = this.sessions.create(hash, company.id(), SessionState.NO_WORK, now);
			log.info("Session {} for company {}: server busy ({} open sessions), asked to come back later", id,
					company.id(), live);
			answer.add(NO_WORK);
			answer.add(Long.toString(this.settings.busyPostpone().toSeconds()));
			return answer;
		}
		long id = this.sessions.create(hash, company.id(), (queued > 0) ? SessionState.OPEN : SessionState.NO_WORK,
				now);
		MDC.put("ticket", Tickets.fingerprint(hash));
		answer.add((queued > 0) ? company.companyFile() : NO_WORK);
		// A Web Connector scheduled more often than the company's setting is asked to slow down.
		Duration every = Duration.ofMinutes(company.runEveryMinutes());
		if (previousCheckIn != null && Duration.between(previousCheckIn, now).compareTo(every) < 0) {
			long wait = every.minus(Duration.between(previousCheckIn, now)).toSeconds();
			answer.add(Long.toString(Math.max(1, wait)));
			answer.add(Long.toString(every.toSeconds()));
		}
		log.info("Session {} for company {}: {}", id, company.id(), (queued > 0) ? "work waiting" : "nothing to do");
		return answer;
	}

	/**
	 * Hands the Web Connector the company's next queued document, recorded as SENT (with this session) before it is
	 * returned. The first call of a session also carries QuickBooks' description of itself, which fixes the qbXML
	 * version and proves the right company file is open. Answers "" when nothing can be sent; getLastError then says why.
	 *
	 * <p>
	 * The Web Connector sends the HCP response (Host, Company and Preferences queries) only with the first call of a
	 * session, and names the open company file with every call. So a session takes exactly one HCP response: a later
	 * call bringing another one, or naming another company file, is a second Web Connector presenting this ticket.
	 * That ends the session and hands out nothing. The same first call again (the endpoint retrying it after a
	 * deadlock rolled it back, or resending it) is no second Web Connector and goes on as usual.
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
			QbxmlVersion version;
			if (session.qbxmlVersion() == null) {
				// the session's first sendRequestXML
				if (hcp != null) {
					Optional<QbxmlVersion> agreed = readHost(session, company, hcp, fileName, qbxmlMajor, qbxmlMinor,
							now);
					if (agreed.isEmpty()) {
						return "";
					}
					version = agreed.get();
				}
				else {
					version = agreeVersion(List.of(QbxmlVersion.of(qbxmlMajor, qbxmlMinor)), company);
					this.sessions.recordHost(session.id(), HostInfo.EMPTY, null, fileName, version);
				}
			}
			else {
				Optional<String> intruder = secondWebConnector(session, hcp, fileName);
				if (intruder.isPresent()) {
					this.sessions.recordError(session.id(), "qbsync ended this session: a second Web Connector "
							+ "presented its ticket " + intruder.get() + ". Nothing more was sent. Run the Web Connector "
							+ "again to start a new session. If this happens again, make sure only one Web Connector, "
							+ "on the PC with this company's file, uses this company's .qwc file and password.", now);
					endWithUncertainDocuments(session.id(), SessionState.FAILED, now,
							"A second Web Connector presented this session's ticket before QuickBooks' answer came back");
					log.warn("Session ended: a second Web Connector presented the ticket of session {} {} (company "
							+ "file '{}', the session's is '{}')", session.id(), intruder.get(), LogSafe.text(fileName),
							session.companyFileName());
					return "";
				}
				version = QbxmlVersion.parse(session.qbxmlVersion()).orElseThrow();
			}
			if (session.inFlightDocumentId() != null) {
				// The Web Connector asked for the next document without answering the last one: that one may or may
				// not have reached QuickBooks.
				this.outbox.markUncertain(session.inFlightDocumentId(), null,
						"The Web Connector asked for the next document without returning QuickBooks' answer to this one",
						now);
				this.sessions.recordDocumentFailed(session.id(), "A document's answer was lost on the way back", now);
				// a lost import page: that query starts again from its unmoved cursor, so no page is skipped
				this.imports.lost(company.id(), session.inFlightDocumentId());
			}
			String document = nextDocument(session, company, version, now);
			this.metrics.sent(document);
			return document;
		}
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

	/** The HCP response as stored: its SHA-256 (hex), like a ticket's. */
	private static String digest(String hcp) {
		return Tickets.hash(hcp);
	}

	/**
	 * The session's next document. Nothing at all, not even a query, goes to a company file that is not proven to be
	 * this company's (its FileID under our OwnerID, stamped by the Web Connector when the .qwc file was added): a
	 * query would read another company's books into this one, and a change would write into them.
	 */
	private String nextDocument(WebConnectorSession session, Company company, QbxmlVersion version, Instant now) {
		boolean fileConfirmed = this.sessions.findById(session.id()).map(WebConnectorSession::qbFileId).isPresent();
		if (!fileConfirmed) {
			log.warn("Everything held back: the company file carries no qbsync FileID for company {}", company.id());
			this.sessions.recordError(session.id(), HELD_BACK, now);
			return "";
		}
		Optional<ImportPlanner.PlannedQuery> check = this.imports.nextCheck(company.id(), version);
		if (check.isPresent()) {
			return sendImport(session, company, version, check.get(), now);
		}
		Optional<Deliveries.Lookup> lookup = this.deliveries.nextLookup(company.id(), version, now);
		if (lookup.isPresent()) {
			long id = this.outbox.add(company.id(), Deliveries.LOOKUP_SOURCE, version.toString(),
					lookup.get().document(), now);
			this.outbox.markSent(id, session.id(), now);
			this.deliveries.lookupSent(lookup.get(), id, now);
			this.sessions.recordSent(session.id(), id, now);
			log.info("Sent lookup of {} item(s) as outbox document {}", lookup.get().itemIds().size(), id);
			return lookup.get().document();
		}
		while (true) {
			Optional<OutboxDocument> next = this.outbox.lockNextQueued(company.id());
			if (next.isEmpty()) {
				Optional<ImportPlanner.PlannedQuery> query = this.imports.next(company.id(), version);
				if (query.isPresent()) {
					return sendImport(session, company, version, query.get(), now);
				}
				this.sessions.recordError(session.id(), "Nothing is waiting to be sent to QuickBooks right now; "
						+ "nothing is wrong. qbsync will send new changes at the next run.", now);
				return "";
			}
			OutboxDocument doc = next.get();
			QbxmlVersion needed = QbxmlVersion.parse(doc.qbxmlVersion()).orElseThrow();
			if (needed.compareTo(version) > 0) {
				String why = "Not sent: this document is written for qbXML " + needed + ", but the QuickBooks it would go "
						+ "to reads qbXML " + version + " at most (capped by the company's setting).";
				this.outbox.markFailed(doc.id(), OutboxState.QUEUED, null, why, now);
				log.warn("Outbox document {} needs qbXML {} but the session speaks {}; marked FAILED", doc.id(), needed,
						version);
				continue;
			}
			this.outbox.markSent(doc.id(), session.id(), now);
			this.sessions.recordSent(session.id(), doc.id(), now);
			if (Deliveries.RELEASE_SOURCE.equals(doc.source())) {
				long execution = this.sessions.deliveryExecution(session.id()).orElseGet(() -> {
					long started = this.deliveries.beginDelivery(company.id(), session.id());
					this.sessions.recordDeliveryExecution(session.id(), started);
					return started;
				});
				this.deliveries.sent(company.id(), session.id(), execution, doc.id(), now);
			}
			log.info("Sent outbox document {}", doc.id());
			if (log.isDebugEnabled()) {
				log.debug("qbXML request of document {}:\n{}", doc.id(), doc.request());
			}
			return doc.request();
		}
	}

	/** An import query is written into the outbox as it leaves, so it is recorded like any other document. */
	private String sendImport(WebConnectorSession session, Company company, QbxmlVersion version,
			ImportPlanner.PlannedQuery query, Instant now) {
		long id = this.outbox.add(company.id(), query.source(), version.toString(), query.document(), now);
		this.outbox.markSent(id, session.id(), now);
		this.imports.sent(company.id(), query, id);
		this.sessions.recordSent(session.id(), id, now);
		log.info("Sent import query {} as outbox document {}", query.query(), id);
		return query.document();
	}

	private Optional<QbxmlVersion> readHost(WebConnectorSession session, Company company, String hcpResponse,
			String fileName, int major, int minor, Instant now) {
		HostInfo host;
		try {
			host = HostInfo.parse(hcpResponse, company.ownerId());
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
		this.sessions.recordHost(session.id(), host, digest(hcpResponse), fileName, version);
		log.info("QuickBooks '{}' ({}), qbXML {} agreed", host.productName(), host.country(), version);
		return Optional.of(version);
	}

	/** The highest qbXML version both QuickBooks and we read, capped by the company's setting. */
	private static QbxmlVersion agreeVersion(List<QbxmlVersion> offered, Company company) {
		QbxmlVersion cap = QbxmlVersion.parse(company.qbxmlVersion()).orElse(QbxmlVersion.NEWEST);
		return QbxmlVersion.highestUpTo(offered, cap).orElse(offered.stream().min(QbxmlVersion::compareTo).orElse(cap));
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
				String explanation = Hresults.explain(hresult, message);
				if (Hresults.certainlyNotApplied(hresult)) {
					this.outbox.markFailed(docId, OutboxState.SENT, hresult.strip(), message, now);
				}
				else {
					this.outbox.markUncertain(docId, hresult.strip(), message, now);
				}
				String request = this.outbox.find(session.companyId(), docId).map(OutboxDocument::request).orElse(null);
				this.metrics.failed(request, hresult);
				this.sessions.recordDocumentFailed(session.id(), explanation, now);
				this.sessions.end(session.id(), SessionState.OPEN, SessionState.FAILED, now);
				endDelivery(session.id(), true);
				log.warn("QuickBooks could not process outbox document {}: {}", docId, hresult.strip());
				return -1;
			}
			if (response == null || response.isBlank()) {
				this.outbox.markUncertain(docId, null, "The Web Connector returned an empty answer", now);
				this.sessions.recordDocumentFailed(session.id(), "The Web Connector returned an empty answer from "
						+ "QuickBooks. qbsync will check what reached QuickBooks before sending it again.", now);
				this.sessions.end(session.id(), SessionState.OPEN, SessionState.FAILED, now);
				endDelivery(session.id(), true);
				return -1;
			}
			this.outbox.markAnswered(docId, response, now);
			this.metrics.answered(response);
			this.sessions.recordAnswered(session.id(), now);
			String source = this.outbox.source(docId);
			if (source.startsWith(ImportPlanner.SOURCE_PREFIX)) {
				this.imports.received(session.companyId(), source.substring(ImportPlanner.SOURCE_PREFIX.length()), docId,
						response);
			}
			else if (Deliveries.RELEASE_SOURCE.equals(source) || Deliveries.LOOKUP_SOURCE.equals(source)) {
				this.metrics.settlingAnswer(() -> this.deliveries.received(session.companyId(), docId, source, response,
						now));
			}
			if (log.isDebugEnabled()) {
				log.debug("qbXML response to document {}:\n{}", docId, response);
			}
			int done = session.documentsAnswered() + session.documentsFailed() + 1;
			int remaining = this.outbox.countQueued(session.companyId())
					+ (this.imports.hasWork(session.companyId(), now) ? 1 : 0)
					+ (this.deliveries.hasWork(session.companyId(), now) ? 1 : 0);
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
			endWithUncertainDocuments(session.id(), SessionState.FAILED, now,
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
			log.warn("closeConnection refused: unknown ticket");
			return "qbsync did not recognise this session; nothing was changed.";
		}
		WebConnectorSession session = found.get();
		try (Mdc mdc = Mdc.session(session.companyId(), hash.get())) {
			if (session.state() == SessionState.OPEN) {
				endWithUncertainDocuments(session.id(), SessionState.CLOSED, now,
						"The session closed before QuickBooks' answer came back");
			}
			WebConnectorSession ended = this.sessions.findById(session.id()).orElseThrow();
			log.info("Session {} closed: {} sent, {} answered, {} failed", ended.id(), ended.documentsSent(),
					ended.documentsAnswered(), ended.documentsFailed());
			return summary(ended);
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
		Instant now = this.clock.instant();
		List<Long> stale = this.sessions.lockStale(now.minus(this.settings.sessionTimeout()), limit);
		for (long id : stale) {
			endWithUncertainDocuments(id, SessionState.EXPIRED, now,
					"The session ended (no call from the Web Connector) before QuickBooks' answer came back");
		}
		if (!stale.isEmpty()) {
			log.info("Expired {} Web Connector session(s) with no activity", stale.size());
		}
		this.throttle.forget(now.minus(FAILURES_SHOWN), now.minus(USUAL_ADDRESS_KEPT));
		try {
			int abandoned = this.deliveries.endAbandoned();
			if (abandoned > 0) {
				log.warn("Ended {} delivery execution(s) left running without their session", abandoned);
			}
		}
		catch (RuntimeException ex) {
			// never let the tidy-up of job views stop sessions from expiring; the next run tries again
			log.warn("Could not end abandoned delivery executions: {}", ex.getMessage());
		}
		return stale.size();
	}

	/**
	 * The company's Web Connector password changed: its open sessions end at once, in the transaction of the change,
	 * so a ticket got with the old password sends nothing more.
	 */
	@EventListener
	void passwordChanged(WebConnectorPasswordChanged event) {
		Instant now = this.clock.instant();
		for (long open : this.sessions.lockOpen(event.companyId())) {
			this.sessions.recordError(open, PASSWORD_CHANGED, now);
			endWithUncertainDocuments(open, SessionState.REVOKED, now,
					"The Web Connector password changed before QuickBooks' answer came back");
			log.info("Session {} of company {} ended: the Web Connector password changed", open, event.companyId());
		}
	}

	private void endWithUncertainDocuments(long sessionId, SessionState to, Instant now, String why) {
		int uncertain = this.outbox.markSessionUncertain(sessionId, why, now);
		this.sessions.end(sessionId, SessionState.OPEN, to, now);
		endDelivery(sessionId, to != SessionState.CLOSED || uncertain > 0);
		if (uncertain > 0) {
			log.warn("Session {} ended as {} with {} document(s) sent but not answered: marked UNCERTAIN", sessionId, to,
					uncertain);
		}
	}

	/** Ends the Spring Batch execution of the session's delivery, if it had one. */
	private void endDelivery(long sessionId, boolean sessionFailed) {
		this.sessions.deliveryExecution(sessionId)
			.ifPresent((execution) -> this.deliveries.endDelivery(execution, sessionFailed, 0));
	}

	/**
	 * Before a session's next document: releases the company's approved items that are ready (a parent that just
	 * reached QuickBooks frees its children). Outside any transaction, as a job start must be; a failure here is
	 * logged and never stops the session.
	 */
	public void releaseBeforeSend(String ticket) {
		Optional<Long> company = hashOf(ticket).flatMap(this.sessions::findByTicketHash)
			.filter((s) -> s.state() == SessionState.OPEN)
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

	private static String summary(WebConnectorSession s) {
		String counts = s.documentsSent() + " document(s) sent, " + s.documentsAnswered() + " answered, "
				+ s.documentsFailed() + " failed.";
		return switch (s.state()) {
			case CLOSED -> "qbsync: sync complete. " + counts;
			case FAILED -> "qbsync: the sync stopped with an error. " + counts;
			case NO_WORK -> "qbsync: nothing to sync.";
			case REVOKED -> "qbsync: the Web Connector password changed; type the new one and run again. " + counts;
			default -> "qbsync: session ended (" + s.state().name().toLowerCase() + "). " + counts;
		};
	}

	private Optional<WebConnectorSession> find(String ticket) {
		return hashOf(ticket).flatMap(this.sessions::findByTicketHash);
	}

	/** The open, unexpired session with this ticket, locked; empty (and logged) for anything else. */
	private Optional<Live> lockLive(String ticket, String operation, Instant now) {
		Optional<String> hash = hashOf(ticket);
		Optional<WebConnectorSession> session = hash.flatMap(this.sessions::lockByTicketHash);
		if (session.isEmpty()) {
			log.warn("{} refused: unknown ticket", operation);
			return Optional.empty();
		}
		if (!session.get().isLive(now, this.settings.sessionTimeout())) {
			log.warn("{} refused: session {} is {}{}", operation, session.get().id(), session.get().state(),
					(session.get().state() == SessionState.OPEN) ? " but timed out" : "");
			return Optional.empty();
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

	/** Puts the company and a ticket fingerprint into the logging context for the length of one call. */
	private record Mdc(boolean session) implements AutoCloseable {

		static Mdc company(long companyId) {
			MDC.put("company", Long.toString(companyId));
			return new Mdc(false);
		}

		static Mdc session(long companyId, String ticketHash) {
			MDC.put("company", Long.toString(companyId));
			MDC.put("ticket", Tickets.fingerprint(ticketHash));
			return new Mdc(true);
		}

		@Override
		public void close() {
			MDC.remove("company");
			MDC.remove("ticket");
		}

	}

}
