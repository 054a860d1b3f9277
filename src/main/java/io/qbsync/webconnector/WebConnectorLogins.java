package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.qbsync.company.Companies;
import io.qbsync.company.Company;
import io.qbsync.delivery.Deliveries;
import io.qbsync.metrics.SyncMetrics;
import io.qbsync.quickbooks.ImportPlanner;
import io.qbsync.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Web Connector's authenticate: the login checked (throttled per username and source address, the password
 * check outside any transaction), and a session opened with its ticket and what it is to do.
 */
@Component
class WebConnectorLogins {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorLogins.class);

	static final String NOT_VALID_USER = "nvu";

	static final String NO_WORK = "none";

	/** How long an address the Web Connector logged in from counts as one of its usual ones. */
	static final Duration USUAL_ADDRESS_KEPT = Duration.ofDays(30);

	/** How far back the company's page and API show failed logins. */
	static final Duration FAILURES_SHOWN = Duration.ofDays(1);

	private final Companies companies;

	private final WebConnectorSessions sessions;

	private final LoginThrottle throttle;

	private final CappedAddresses capped;

	private final ProvenAddresses proven;

	private final PasswordChecks passwords;

	private final TransactionTemplate inTransaction;

	private final ImportPlanner imports;

	private final Deliveries deliveries;

	private final NextDocument nextDocument;

	private final SessionEnds ends;

	private final WebConnectorSettings settings;

	private final SyncMetrics metrics;

	private final Clock clock;

	/** Compared against when the username is unknown, so that both cases take the same time. */
	private final String dummyHash;

	WebConnectorLogins(Companies companies, WebConnectorSessions sessions, LoginThrottle throttle,
			CappedAddresses capped, ProvenAddresses proven, PasswordChecks passwords, ImportPlanner imports,
			Deliveries deliveries, NextDocument nextDocument, SessionEnds ends, PasswordEncoder encoder, PlatformTransactionManager tx, WebConnectorSettings settings,
			SyncMetrics metrics, Clock clock) {
		this.companies = companies;
		this.sessions = sessions;
		this.throttle = throttle;
		this.capped = capped;
		this.proven = proven;
		this.passwords = passwords;
		this.inTransaction = new TransactionTemplate(tx);
		this.imports = imports;
		this.deliveries = deliveries;
		this.nextDocument = nextDocument;
		this.ends = ends;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.dummyHash = encoder.encode(Tickets.newTicket());
	}

	/** See {@link WebConnectorService#authenticate(String, String, String, boolean)}. */
	List<String> authenticate(String username, String password, String address, boolean builtInClient) {
		Instant now = this.clock.instant();
		String user = (username != null) ? username.strip() : "";
		String from = SourceAddresses.of(address);
		if (user.isEmpty() || user.length() > 64) {
			this.passwords.matches(password, this.dummyHash, PasswordChecks.Source.FAILING_ADDRESS);
			return List.of("", NOT_VALID_USER);
		}
		if (this.capped.refuses(from, user)) {
			log.debug("Web Connector login for '{}' from {} refused unchecked: the address is at its cap of failures",
					LogSafe.text(user), from);
			return List.of("", NOT_VALID_USER);
		}
		boolean usual = this.throttle.isUsual(user, from, now.minus(USUAL_ADDRESS_KEPT));
		LoginThrottle.Attempt attempt = this.throttle.begin(user, from, usual, now);
		if (!attempt.allowed() && attempt.addressFailures() >= this.settings.failedLoginsPerAddress()) {
			this.capped.remember(from, this.throttle.usualUsernames(from, now.minus(USUAL_ADDRESS_KEPT),
					CappedAddresses.USUAL_AT_MOST));
		}
		if (!attempt.allowed()) {
			if (attempt.usernameFailures() > 0) {
				log.warn("Web Connector login for '{}' from {} refused unchecked: {} failures for this username from "
						+ "all addresses within the window; only its usual addresses may try now",
						LogSafe.text(user), from, attempt.usernameFailures());
			}
			else if (attempt.addressFailures() == this.settings.failedLoginsPerAddress()) {
				// once as the address reaches the cap; what it tries after that is on the company pages
				log.warn("Web Connector login for '{}' from {} refused unchecked: {} failures from this address for "
						+ "all usernames within the window; it may try only usernames it usually logs in for",
						LogSafe.text(user), from, attempt.addressFailures());
			}
			else {
				log.debug("Web Connector login for '{}' from {} refused unchecked: held back after {} failures",
						LogSafe.text(user), from, attempt.failures());
			}
			return List.of("", NOT_VALID_USER);
		}
		Optional<Company> found = this.companies.findByUsername(user);
		String hash = found.flatMap((c) -> this.companies.passwordHash(c.id())).orElse(this.dummyHash);
		PasswordChecks.Source source = usual ? PasswordChecks.Source.USUAL_ADDRESS
				: (attempt.addressFailures() > 0) ? PasswordChecks.Source.FAILING_ADDRESS
						: PasswordChecks.Source.CLEAN_ADDRESS;
		Optional<Boolean> matches = this.passwords.matches(password, hash, source);
		if (matches.isEmpty()) {
			this.throttle.uncount(user, from);
			log.warn("Web Connector login for '{}' from {} put off unchecked: too many password checks waiting",
					LogSafe.text(user), from);
			return busy();
		}
		if (found.isEmpty() || !matches.get()) {
			this.throttle.checked(user, from);
			log.warn("Web Connector login for '{}' from {} refused: wrong username or password ({} failure(s) from "
					+ "there{})", LogSafe.text(user), from, attempt.failures(),
					attempt.delay().isZero() ? "" : "; held back for " + attempt.delay().toSeconds() + " s");
			return List.of("", NOT_VALID_USER);
		}
		if (found.get().sandbox() && !builtInClient) {
			this.throttle.checked(user, from);
			log.warn("Web Connector login for '{}' from {} refused: a sandbox company is served only by qbsync's "
					+ "built-in Web Connector", LogSafe.text(user), from);
			return List.of("", NOT_VALID_USER);
		}
		this.throttle.succeeded(user, from, now);
		this.proven.prove(from);
		return this.inTransaction.execute((status) -> {
			Company company = this.companies.lockById(found.get().id()).orElseThrow();
			// the password was checked before the lock: a change committed meanwhile has ended the sessions it could
			// see, and the old password must not open one after it
			if (!this.companies.passwordHash(company.id()).orElse("").equals(hash)) {
				log.warn("Web Connector login for '{}' from {} refused: the password changed while it was checked",
						LogSafe.text(user), from);
				return List.of("", NOT_VALID_USER);
			}
			try (Mdc mdc = Mdc.company(company.id())) {
				return openSession(company, now);
			}
		});
	}

	/**
	 * No password check was free: "nothing to do, come back in a while" (the Web Connector waits the seconds given and
	 * tries again). "nvu" would tell a right password it is wrong, and the Web Connector shows that as an error; a
	 * wrong password learns nothing here either, as every login the server is too busy to check gets this answer.
	 */
	private List<String> busy() {
		return List.of("", NO_WORK, Long.toString(this.settings.busyPostpone().toSeconds()));
	}

	/** A company's recent failed logins, by source address, and the addresses its Web Connector logs in from. */
	LoginReport logins(Company company) {
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
			this.ends.end(stale, SessionState.SUPERSEDED, now,
					"The Web Connector started a new session before this one finished");
		}
		// QuickBooks' iterators die with each session: an import cut off in the last one starts again.
		this.imports.sessionStarted(company.id());
		this.metrics.settlingUnanswered(() -> this.deliveries.settle(company.id(), now));
		String ticket = Tickets.newTicket();
		String hash = Tickets.hash(ticket);
		List<String> answer = new ArrayList<>(List.of(ticket));
		int live = this.sessions.countLive(now.minus(this.settings.sessionTimeout()));
		int queued = this.nextDocument.waiting(company.id(), now);
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

}
