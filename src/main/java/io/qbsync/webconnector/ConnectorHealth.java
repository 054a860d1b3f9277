package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.outbox.Outbox;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.wizard.WizardItems;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns what the Web Connector left behind (its sessions and how they ended, its failed logins) into one status with
 * a reason in plain words and what to do: the page header, the Sync Report's Pending tab, the company page, the
 * notifications and Actuator's health all read it here.
 *
 * <p>
 * The latest thing that happened wins: a failed run followed by a good one is over. A run that failed because
 * QuickBooks could not be opened, could not process a document (an hresult), had another company file open, could
 * not be proven to be this company's file, or stopped part way is FAILING; so is a wrong password from the address the
 * Web Connector logs in from (wrong passwords from other addresses are someone else's guesses, shown on the company
 * page but not blamed on the Web Connector). With no trouble, a Web Connector that has not checked in for too long
 * while items wait is SILENT.
 */
@Service
public class ConnectorHealth {

	/** What the article says to do when Pending does not sync. */
	static final String RECONNECT = "If Pending is still not syncing, re-connect the Web Connector: remove the "
			+ "application from it and add it again with this company's .qwc file (Company settings).";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC on' d MMM", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("HH:mm zzz 'on' d MMM", Locale.ENGLISH);

	/** How far back failed logins count. */
	private static final Duration LOGINS_CONSIDERED = Duration.ofDays(1);

	private final WebConnectorSessions sessions;

	private final Outbox outbox;

	private final LoginThrottle throttle;

	private final WizardItems items;

	private final WebConnectorSettings settings;

	private final Clock clock;

	private final CompanyService companies;

	ConnectorHealth(WebConnectorSessions sessions, Outbox outbox, LoginThrottle throttle, WizardItems items,
			WebConnectorSettings settings, Clock clock, CompanyService companies) {
		this.companies = companies;
		this.sessions = sessions;
		this.outbox = outbox;
		this.throttle = throttle;
		this.items = items;
		this.settings = settings;
		this.clock = clock;
	}

	/** One session as the company page lists it: when, how it ended in words, what it carried. */
	public record SessionLine(long id, Instant startedAt, Instant endedAt, String outcome, boolean failed,
			String detail, int sent, int answered, int failedDocuments) {
	}

	/** Something that went wrong, in words. */
	private record Trouble(String headline, String reason, String fix, Instant at, String outcome) {
	}

	/** The company's status now; {@code silentAfter}: how long without a check-in, while items wait, is too long. */
	@Transactional(readOnly = true)
	public ConnectorStatus of(Company company, Duration silentAfter) {
		return of(company, silentAfter, this.clock.instant());
	}

	@Transactional(readOnly = true)
	public ConnectorStatus of(Company company, Duration silentAfter, Instant now) {
		long waiting = this.items.countOpen(company.id());
		long pending = this.items.countUnfinished(company.id());
		Instant last = company.lastCheckInAt();
		ZoneId zone = zone(company);
		Optional<Trouble> trouble = latestTrouble(company, now, zone);
		if (trouble.isPresent()) {
			Trouble t = trouble.get();
			return new ConnectorStatus(ConnectorStatus.Condition.FAILING, t.headline(), t.reason(), t.fix(), t.at(),
					last, waiting, pending);
		}
		boolean silent = (last == null || Duration.between(last, now).compareTo(silentAfter) > 0)
				&& (waiting + pending) > 0;
		if (silent) {
			String headline = (last != null) ? "The Web Connector has not run since " + time(zone, last) + "."
					: "The Web Connector has never run for this company.";
			String reason = waitingWords(waiting, pending) + " Nothing reaches QuickBooks, and nothing comes back from "
					+ "it, until the Web Connector runs.";
			String fix = "On the QuickBooks PC, open the QuickBooks Web Connector, check that Auto-Run is ticked for "
					+ "this company and click Update Selected. " + RECONNECT;
			return new ConnectorStatus(ConnectorStatus.Condition.SILENT, headline, reason, fix, last, last, waiting,
					pending);
		}
		String headline = (last != null) ? "The Web Connector last checked in at " + time(zone, last) + "."
				: "The Web Connector has not run yet.";
		return new ConnectorStatus(ConnectorStatus.Condition.OK, headline, "", "", last, last, waiting, pending);
	}

	/** The company's recent sessions, latest first, with their outcome in words. */
	@Transactional(readOnly = true)
	public List<SessionLine> recentSessions(Company company, int limit) {
		Instant now = this.clock.instant();
		ZoneId zone = zone(company);
		return this.sessions.recent(company.id(), limit).stream().map((s) -> {
			Optional<Trouble> trouble = failure(s, company, now, zone);
			String outcome = trouble.map(Trouble::outcome).orElseGet(() -> outcome(s));
			String detail = trouble.map((t) -> t.reason() + " " + t.fix()).orElse("");
			return new SessionLine(s.id(), s.startedAt(), s.endedAt(), outcome, trouble.isPresent(), detail,
					s.documentsSent(), s.documentsAnswered(), s.documentsFailed());
		}).toList();
	}

	/** "09:14 UTC on 6 Dec". */
	public static String time(Instant instant) {
		return TIME.format(instant);
	}

	/** "09:14 EST on 6 Dec" in the company's time zone; "09:14 UTC on 6 Dec" when it has none. */
	public static String time(ZoneId zone, Instant instant) {
		return (zone != null) ? ZONED.format(instant.atZone(zone)) : time(instant);
	}

	/** The company's time zone; null when it has none (its times are told in UTC). */
	private ZoneId zone(Company company) {
		return this.companies.timeZone(company.id()).orElse(null);
	}

	private Optional<Trouble> latestTrouble(Company company, Instant now, ZoneId zone) {
		Optional<WebConnectorSession> latest = this.sessions.recent(company.id(), 1).stream().findFirst();
		Optional<Trouble> login = loginTrouble(company, now, zone);
		Instant sessionAt = latest.map(WebConnectorSession::startedAt).orElse(Instant.MIN);
		if (login.isPresent() && login.get().at().isAfter(sessionAt)) {
			return login;
		}
		return latest.flatMap((s) -> failure(s, company, now, zone));
	}

	/**
	 * Wrong passwords since the last good login, from an address the Web Connector logs in from (or from anywhere,
	 * when it never logged in): its password is not this company's any more.
	 */
	private Optional<Trouble> loginTrouble(Company company, Instant now, ZoneId zone) {
		Instant since = now.minus(LOGINS_CONSIDERED);
		if (company.lastCheckInAt() != null && company.lastCheckInAt().isAfter(since)) {
			since = company.lastCheckInAt();
		}
		List<String> usual = this.throttle.usualAddresses(company.username(), now.minus(Duration.ofDays(30)));
		return this.throttle.recentFailures(company.username(), since).stream()
			.filter((f) -> usual.isEmpty() || usual.contains(f.address()))
			.max((a, b) -> a.lastFailureAt().compareTo(b.lastFailureAt()))
			.map((f) -> {
				boolean heldBack = f.delayedUntil() != null && f.delayedUntil().isAfter(now);
				String reason = "The Web Connector at " + f.address() + " tried " + f.failures() + " time(s) with a "
						+ "password that is not this company's Web Connector password."
						+ (heldBack ? " After so many wrong passwords qbsync holds that address back until "
								+ time(zone, f.delayedUntil()) + ", even with the right one." : "");
				String fix = "On the QuickBooks PC, type this company's Web Connector password into the Password column "
						+ "of the Web Connector and click Update Selected" + (heldBack ? " after " + time(zone, f.delayedUntil())
								: "") + ". If nobody has the password, make a new one on the Company settings page.";
				return new Trouble("The Web Connector could not log in at " + time(zone, f.lastFailureAt())
						+ ": wrong password" + (heldBack ? ", and its address is held back for a while" : "") + ".",
						reason, fix, f.lastFailureAt(), "Wrong password");
			});
	}

	/** What went wrong in a session, if anything did. */
	private Optional<Trouble> failure(WebConnectorSession s, Company company, Instant now, ZoneId zone) {
		Instant at = (s.endedAt() != null) ? s.endedAt() : s.lastSeenAt();
		String error = (s.lastError() != null) ? s.lastError() : "";
		switch (s.state()) {
			case FAILED -> {
				if (s.connectionHresult() != null) {
					GuideEntry entry = StatusGuide.standard().entryFor(s.connectionHresult(), s.connectionMessage());
					return Optional.of(new Trouble("QuickBooks could not be opened at " + time(zone, at) + ".",
							entry.meaning() + " (QuickBooks error " + StatusGuide.canonical(s.connectionHresult())
									+ ": " + entry.title() + ")",
							steps(entry) + " " + RECONNECT, at,
							"QuickBooks could not be opened"));
				}
				Optional<String[]> hresult = this.outbox.lastHresult(s.id());
				if (hresult.isPresent()) {
					GuideEntry entry = StatusGuide.standard().entryFor(hresult.get()[0], hresult.get()[1]);
					return Optional.of(new Trouble("QuickBooks could not process what qbsync sent at " + time(zone, at) + ".",
							entry.meaning() + " (QuickBooks error " + StatusGuide.canonical(hresult.get()[0]) + ": "
									+ entry.title() + ")",
							steps(entry), at, "QuickBooks error"));
				}
				if (error.startsWith(CompanyFileCheck.WRONG_FILE)) {
					return Optional.of(new Trouble("The Web Connector opened the wrong company file at " + time(zone, at) + ".",
							"QuickBooks had another company file open than the one set up for " + company.name()
									+ ", so qbsync sent nothing to it.",
							"Open this company's file in QuickBooks and click Update Selected in the Web Connector. If "
									+ "that other file belongs to another company, add it to qbsync as its own company "
									+ "with its own .qwc file.",
							at, "Wrong company file"));
				}
				return Optional.of(new Trouble("The Web Connector's last run failed at " + time(zone, at) + ".",
						error.isEmpty() ? "The run stopped with an error." : error,
						"Click Update Selected in the Web Connector to run it again. " + RECONNECT, at, "Failed"));
			}
			case CLOSED -> {
				if (NextDocument.HELD_BACK.equals(error)) {
					return Optional.of(new Trouble("qbsync held everything back at " + time(zone, at)
							+ ": it could not confirm the company file.",
							"The company file open in QuickBooks carries no qbsync FileID for this company, so qbsync "
									+ "cannot tell it is the right one and sent nothing.",
							"Open the right company file. If it is the right one, re-connect the Web Connector: remove "
									+ "the application from it and add it again with this company's .qwc file (Company "
									+ "settings), so the Web Connector records the FileID in the file.",
							at, "Held back: company file not confirmed"));
				}
				return Optional.empty();
			}
			case REVOKED -> {
				return Optional.of(new Trouble("The Web Connector's password was changed at " + time(zone, at) + ".",
						"The run that was going on stopped, and the Web Connector still has the old password.",
						"Type the new password into the Password column of the Web Connector and click Update "
								+ "Selected.",
						at, "Ended: password changed"));
			}
			case EXPIRED -> {
				return Optional.of(new Trouble("The Web Connector's last run, at " + time(zone, s.startedAt())
						+ ", stopped without finishing.",
						"The Web Connector stopped calling qbsync part way: the PC slept or lost its network, or "
								+ "QuickBooks or the Web Connector was closed during the run.",
						"Click Update Selected in the Web Connector to run it again. " + RECONNECT, at,
						"Stopped without finishing"));
			}
			case OPEN -> {
				if (!s.isLive(now, this.settings.sessionTimeout())) {
					return Optional.of(new Trouble("The Web Connector's last run, at " + time(zone, s.startedAt())
							+ ", stopped answering.",
							"The Web Connector stopped calling qbsync part way through the run.",
							"Click Update Selected in the Web Connector to run it again. " + RECONNECT, s.lastSeenAt(),
							"Stopped answering"));
				}
				return Optional.empty();
			}
			default -> {
				return Optional.empty();
			}
		}
	}

	private static String outcome(WebConnectorSession s) {
		return switch (s.state()) {
			case OPEN -> "Running";
			case NO_WORK -> "Nothing to send";
			case CLOSED -> "Finished";
			case SUPERSEDED -> "Replaced by a newer run";
			default -> s.state().name().toLowerCase();
		};
	}

	/** The guide's steps as sentences. */
	private static String steps(GuideEntry entry) {
		return entry.steps().stream()
			.map((step) -> step.matches("(?s).*[.!?:]$") ? step : step + ".")
			.collect(java.util.stream.Collectors.joining(" "));
	}

	private static String waitingWords(long waiting, long pending) {
		if (pending > 0 && waiting > 0) {
			return pending + " approved item(s) wait in Pending and " + waiting + " in the Sync Wizard.";
		}
		return (pending > 0) ? pending + " approved item(s) wait in Pending." : waiting + " item(s) wait in the Sync Wizard.";
	}

}
