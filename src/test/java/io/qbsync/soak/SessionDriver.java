package io.qbsync.soak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbReply;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorException;

/**
 * Plays one Web Connector run against the soak server the way QBWC does (serverVersion, clientVersion, authenticate,
 * opening the company file, sendRequestXML / receiveResponseXML until 100), with a {@link Fault} hitting one pair.
 * Faults that need more than a cut-off (a second session, a restart, a killed connection) are played here.
 */
final class SessionDriver {

	private static final int MAX_PAIRS = 200;

	/** How often a fault was actually played (a fault drawn for a pair the session never reached is not). */
	static final java.util.Map<Fault, Integer> PLAYED = new java.util.concurrent.ConcurrentSkipListMap<>();

	/** Faults arranged before the session starts (they play whatever pair the session reaches). */
	private static final java.util.Set<Fault> SET_UP_BEFORE = java.util.EnumSet.of(Fault.NOT_RUNNING,
			Fault.WRONG_COMPANY_FILE, Fault.BUSY, Fault.NAME_TAKEN, Fault.PARENT_DELETED);

	/** Database connections killed by {@link Fault#DB_CONNECTION_DROPPED}. */
	static final java.util.concurrent.atomic.AtomicInteger KILLED = new java.util.concurrent.atomic.AtomicInteger();

	private final SoakServer server;

	private final String databaseName;

	SessionDriver(SoakServer server) {
		this.server = server;
		this.databaseName = server.database().databaseName();
	}

	/** What a company needs for a session. */
	record Login(String username, String password, FakeQuickBooks books) {
	}

	/** Runs one session; answers a short account of how it ended. */
	String run(Login login, Fault fault, int at) {
		FakeQuickBooks books = login.books();
		if (SET_UP_BEFORE.contains(fault)) {
			PLAYED.merge(fault, 1, Integer::sum);
		}
		if (fault == Fault.NOT_RUNNING) {
			books.notRunning();
		}
		try {
			return play(login, fault, at);
		}
		catch (WebConnectorException ex) {
			return "SOAP failure: " + ex.getMessage();
		}
		finally {
			books.running();
			books.expireIterators();
		}
	}

	private String play(Login login, Fault fault, int at) {
		FakeQuickBooks books = login.books();
		WebConnectorClient wc = new WebConnectorClient(this.server.endpoint());
		wc.serverVersion();
		wc.clientVersion("2.3.0.36");
		List<String> auth = wc.authenticate(login.username(), login.password());
		String ticket = auth.get(0);
		String status = (auth.size() > 1 && auth.get(1) != null) ? auth.get(1) : "";
		if (status.equalsIgnoreCase("none") || status.equalsIgnoreCase("nvu")) {
			return status;
		}
		if (!open(wc, books, ticket, status)) {
			return "connectionError";
		}
		boolean first = true;
		int pair = 0;
		int noOps = 0;
		while (pair < MAX_PAIRS) {
			String request = send(wc, books, ticket, first);
			first = false;
			if (request == null || request.isEmpty()) {
				String error = wc.getLastError(ticket);
				if ("NoOp".equalsIgnoreCase(error) && noOps++ < 3) {
					continue;
				}
				return "no document: " + error;
			}
			pair++;
			if (pair == at) {
				if (!SET_UP_BEFORE.contains(fault)) {
					PLAYED.merge(fault, 1, Integer::sum);
				}
				switch (fault) {
					case LOST_AFTER_APPLY:
						books.process(request);
						return "died after QuickBooks applied pair " + pair;
					case LOST_BEFORE_APPLY:
						return "died before QuickBooks saw pair " + pair;
					case PARSE_ERROR:
						books.failNextDocument(QbReply.PARSE_ERROR, QbReply.PARSE_ERROR_MESSAGE);
						break;
					case SEND_REPEATED:
						request = send(wc, books, ticket, false);
						if (request == null || request.isEmpty()) {
							return "asked again at pair " + pair + ", got nothing: " + wc.getLastError(ticket);
						}
						break;
					case ANSWER_TWICE: {
						QbReply reply = books.process(request);
						wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
						int again = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
						if (again >= 100 || again < 0) {
							return "answered pair " + pair + " twice, then " + again;
						}
						continue;
					}
					case LATE_ANSWER: {
						QbReply reply = books.process(request);
						String other = run(login, Fault.NONE, 0);
						int late = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
						return "answer of pair " + pair + " arrived after a second session (" + other + "): " + late;
					}
					case OVERLAPPING_SESSIONS: {
						QbReply reply = books.process(request);
						WebConnectorClient second = new WebConnectorClient(this.server.endpoint());
						List<String> secondAuth = second.authenticate(login.username(), login.password());
						String secondStatus = (secondAuth.size() > 1 && secondAuth.get(1) != null) ? secondAuth.get(1) : "";
						String secondRequest = secondStatus.equalsIgnoreCase("none") ? null
								: send(second, books, secondAuth.get(0), true);
						int late = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
						if (secondRequest != null && !secondRequest.isEmpty()) {
							QbReply secondReply = books.process(secondRequest);
							second.receiveResponseXML(secondAuth.get(0), secondReply.response(), secondReply.hresult(),
									secondReply.message());
						}
						return "overlapped at pair " + pair + ", first session's answer got " + late + "; second: "
								+ finish(new Login(login.username(), login.password(), books), second,
										secondAuth.get(0));
					}
					case SERVER_RESTART: {
						QbReply reply = books.process(request);
						this.server.restart();
						wc = new WebConnectorClient(this.server.endpoint());
						int p = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
						if (p >= 100 || p < 0) {
							return "restarted at pair " + pair + ", then " + p;
						}
						continue;
					}
					case DB_CONNECTION_DROPPED: {
						QbReply reply = books.process(request);
						AtomicBoolean done = new AtomicBoolean();
						Thread killer = new Thread(() -> killBusyConnection(done), "soak-connection-killer");
						killer.start();
						try {
							int p = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
							if (p >= 100 || p < 0) {
								return "connection killed at pair " + pair + ", then " + p;
							}
						}
						finally {
							done.set(true);
							join(killer);
						}
						continue;
					}
					default:
						break;
				}
			}
			QbReply reply = books.process(request);
			int progress = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
			if (fault == Fault.STALE_EDIT_SEQUENCE && pair == at) {
				SoakWorld.bookkeeperTouch(books, pair);
			}
			if (progress >= 100) {
				wc.closeConnection(ticket);
				return "completed after " + pair + " pairs";
			}
			if (progress < 0) {
				return "error after " + pair + " pairs: " + wc.getLastError(ticket);
			}
		}
		return "stopped after " + MAX_PAIRS + " pairs";
	}

	/** Runs an authenticated session on to its end without faults. */
	private String finish(Login login, WebConnectorClient wc, String ticket) {
		for (int pair = 0; pair < MAX_PAIRS; pair++) {
			String request = send(wc, login.books(), ticket, false);
			if (request == null || request.isEmpty()) {
				return "no document: " + wc.getLastError(ticket);
			}
			QbReply reply = login.books().process(request);
			int progress = wc.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message());
			if (progress >= 100 || progress < 0) {
				return "ended with " + progress;
			}
		}
		return "stopped";
	}

	private static String send(WebConnectorClient wc, FakeQuickBooks books, String ticket, boolean first) {
		return wc.sendRequestXML(ticket, first ? books.hcpResponse() : "", books.companyFilePath(), books.country(),
				books.qbXmlMajorVersion(), books.qbXmlMinorVersion());
	}

	private static boolean open(WebConnectorClient wc, FakeQuickBooks books, String ticket, String path) {
		for (int tries = 0; tries < 2; tries++) {
			Optional<FakeQuickBooks.ConnectionFailure> failed = books.openCompanyFile(path);
			if (failed.isEmpty()) {
				return true;
			}
			String answer = wc.connectionError(ticket, failed.get().hresult(), failed.get().message());
			if (answer == null || answer.isBlank() || answer.trim().equalsIgnoreCase("done")) {
				return false;
			}
			path = answer;
		}
		return false;
	}

	/** Kills the first connection of the soak database seen running a statement, while the call is under way. */
	private void killBusyConnection(AtomicBoolean done) {
		try (Connection c = this.server.database().open(); Statement s = c.createStatement()) {
			long until = System.currentTimeMillis() + 2000;
			while (!done.get() && System.currentTimeMillis() < until) {
				Long victim = null;
				try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '"
						+ this.databaseName + "' AND COMMAND <> 'Sleep' AND ID <> CONNECTION_ID() LIMIT 1")) {
					if (rs.next()) {
						victim = rs.getLong(1);
					}
				}
				if (victim != null) {
					s.execute("KILL CONNECTION " + victim);
					KILLED.incrementAndGet();
					return;
				}
			}
		}
		catch (Exception ex) {
			// the connection was gone already, or the kill raced its end: either way the call goes on
		}
	}

	private static void join(Thread t) {
		try {
			t.join(3000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
