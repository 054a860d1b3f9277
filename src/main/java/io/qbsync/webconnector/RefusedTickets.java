package io.qbsync.webconnector;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Tickets this node knows open no live session, so that a made-up, stolen or old ticket is answered without a
 * database connection. What is forgotten (a bounded number, for a while) is looked up again; what is remembered only
 * ever makes the answer come sooner, never different.
 *
 * <p>
 * Why remembering is safe on a node that shares its database with others. A ticket is 192 random bits, handed out
 * only once its session is committed: a value looked up and found absent is one no node has issued, and no node will
 * ever issue it (guessing one is as likely as guessing the ticket itself), so "absent" stays true. A session that is
 * over never lives again: an ended one stays ended, and an open one past the timeout is refused by every call, so no
 * call moves its last call time on. So "ended" stays true too. A ticket just issued on another node is not in this
 * memory at all, and is looked up like any other.
 */
@Component
class RefusedTickets {

	/** What is known of a ticket. */
	enum Known {

		/** No session has this ticket: every operation answers "unknown session". */
		ABSENT,

		/** Its session has ended or expired: getLastError and closeConnection still read it from the database. */
		ENDED

	}

	/** Long enough to outlast an attack's repetitions, short enough to be no store of its own. */
	static final Duration KEPT = Duration.ofHours(1);

	/** About 200 bytes each: a few megabytes at most, whatever is sent. */
	static final int AT_MOST = 20_000;

	/** What {@link Tickets#newTicket()} makes: 24 bytes in URL-safe Base64 without padding. */
	private static final Pattern OURS = Pattern.compile("[A-Za-z0-9_-]{32}");

	private final ExpiringMemory<String, Known> known = new ExpiringMemory<>(KEPT, AT_MOST);

	/** Whether the ticket certainly names no session: not one of ours in shape, or looked up and absent. */
	boolean absent(String ticket) {
		return knownAs(ticket) == Known.ABSENT;
	}

	/** Whether the ticket certainly names no live session: absent, or its session has ended or expired. */
	boolean dead(String ticket) {
		return knownAs(ticket) != null;
	}

	/** The ticket's hash was looked up and no session has it. */
	void rememberAbsent(String ticketHash) {
		this.known.put(ticketHash, Known.ABSENT);
	}

	/** The ticket's session was found ended, or open past the timeout. */
	void rememberEnded(String ticketHash) {
		this.known.put(ticketHash, Known.ENDED);
	}

	private Known knownAs(String ticket) {
		String value = (ticket != null) ? ticket.strip() : "";
		if (!OURS.matcher(value).matches()) {
			return Known.ABSENT;
		}
		return this.known.get(Tickets.hash(value));
	}

}
