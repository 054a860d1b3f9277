package io.qbsync.webconnector;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static io.qbsync.system.Rows.instant;

/**
 * Failed Web Connector logins per username and source address (an IPv6 address by its /64, {@link SourceAddresses}),
 * with delays that grow, and the addresses each username last logged in from. A pair is held back, never a username:
 * whoever knows a username (it is in the .qwc file) can slow down only their own address, not the company's Web
 * Connector. Past a cap of failures for a username
 * from all addresses together (a storm from many addresses), only the addresses it usually logs in from may try; past a
 * cap of failures from an address for all usernames together (one address trying many names), that address may try
 * only the usernames it usually logs in for.
 *
 * <p>
 * Every attempt is counted before its password is checked, in one short transaction of its own: parallel guesses each
 * see the count of those before them, so none slips past it, and the password check holds no connection.
 */
@Repository
class LoginThrottle {

	private static final RowMapper<Failures> FAILURES = LoginThrottle::failures;

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate ownTransaction;

	private final WebConnectorSettings settings;

	LoginThrottle(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager tx,
			WebConnectorSettings settings) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.ownTransaction = new TransactionTemplate(tx);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.settings = settings;
	}

	/**
	 * An attempt as counted: whether its password may be checked, and the pair's failures and delay so far.
	 * {@code usernameFailures} counts the username's failures from every address within the window, when over the cap;
	 * {@code addressFailures} the address's failures for every username within the window before this attempt (0 from
	 * a usual address, which is not asked).
	 */
	record Attempt(boolean allowed, int failures, Duration delay, int usernameFailures, int addressFailures) {
	}

	/** Logins of one username from one address refused without the database, first and last. */
	record Refused(String username, String address, int refusals, Instant first, Instant last) {
	}

	/** Failed logins of one username from one address. */
	record Failures(String address, int failures, int checking, Instant firstFailureAt, Instant lastFailureAt,
			Instant delayedUntil) {
	}

	/**
	 * Counts an attempt as a failure until its password proves right ({@link #succeeded}). It may be checked unless
	 * the pair is being held back, or (from an address that is not one of the username's usual ones) the username has
	 * more failures than its cap from all addresses together, or the address has reached its cap for all usernames
	 * together; either way the pair's next attempt waits the delay for the new count. An attempt let through is being
	 * checked until {@link #succeeded}, {@link #checked} or {@link #uncount}; meanwhile it counts for its pair, not
	 * for its address.
	 */
	Attempt begin(String username, String address, boolean usualAddress, Instant now) {
		return this.ownTransaction.execute((status) -> {
			// the row exists and is locked from here on, so parallel attempts are counted one after another
			this.jdbc.sql("""
					INSERT INTO webconnector_login_throttles
						(username, address, failures, first_failure_at, last_failure_at, delayed_until)
					VALUES (:username, :address, 0, :now, :now, NULL)
					ON DUPLICATE KEY UPDATE failures = failures
					""")
				.param("username", username)
				.param("address", address)
				.param("now", Timestamp.from(now))
				.update();
			Failures before = this.jdbc.sql("""
					SELECT address, failures, checking, first_failure_at, last_failure_at, delayed_until
					FROM webconnector_login_throttles WHERE username = :username AND address = :address FOR UPDATE
					""")
				.param("username", username)
				.param("address", address)
				.query(FAILURES)
				.single();
			boolean heldBack = before.delayedUntil() != null && before.delayedUntil().isAfter(now);
			boolean forgotten = !heldBack && before.lastFailureAt().plus(this.settings.failedLoginWindow()).isBefore(now);
			int failures = (forgotten ? 0 : before.failures()) + 1;
			Duration delay = delayAfter(failures);
			this.jdbc.sql("""
					UPDATE webconnector_login_throttles SET failures = :failures, checking = :checking,
						first_failure_at = :first, last_failure_at = :now, delayed_until = :until
					WHERE username = :username AND address = :address
					""")
				.param("failures", failures)
				.param("checking", (forgotten ? 0 : before.checking()) + (heldBack ? 0 : 1))
				.param("first", Timestamp.from((forgotten || before.failures() == 0) ? now : before.firstFailureAt()))
				.param("now", Timestamp.from(now))
				.param("until", delay.isZero() ? null : Timestamp.from(now.plus(delay)))
				.param("username", username)
				.param("address", address)
				.update();
			if (heldBack || usualAddress) {
				return new Attempt(!heldBack, failures, delay, 0, 0);
			}
			Timestamp since = Timestamp.from(now.minus(this.settings.failedLoginWindow()));
			int all = this.jdbc.sql("""
					SELECT COALESCE(SUM(failures), 0) FROM webconnector_login_throttles
					WHERE username = :username AND last_failure_at >= :since
					""")
				.param("username", username)
				.param("since", since)
				.query(Integer.class)
				.single();
			// attempts still being checked (this one among them) are not failures of the address
			int fromAddress = this.jdbc.sql("""
					SELECT COALESCE(SUM(GREATEST(failures - checking, 0)), 0) FROM webconnector_login_throttles
					WHERE address = :address AND last_failure_at >= :since
					""")
				.param("address", address)
				.param("since", since)
				.query(Integer.class)
				.single();
			boolean storm = all > this.settings.failedLoginsPerUsername();
			boolean spray = fromAddress >= this.settings.failedLoginsPerAddress();
			if (storm || spray) {
				// refused unchecked: a failure settled at once
				checked(username, address);
			}
			return new Attempt(!storm && !spray, failures, delay, storm ? all : 0, fromAddress);
		});
	}

	/**
	 * The wait before a pair's next attempt after {@code failures} in a row: none for the first few (a typo), then
	 * doubling from the first delay up to the longest.
	 */
	Duration delayAfter(int failures) {
		int over = failures - this.settings.freeFailedLogins();
		if (over <= 0) {
			return Duration.ZERO;
		}
		Duration longest = this.settings.maxLoginDelay();
		Duration delay = this.settings.firstLoginDelay();
		for (int i = 1; i < over && delay.compareTo(longest) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(longest) > 0) ? longest : delay;
	}

	/**
	 * Adds logins refused without the database to their pairs' failures, in one batch; a pair whose last failure is
	 * older than {@code windowStart} counts from these alone, as {@link #begin} would count it.
	 */
	void addRefused(List<Refused> refused, Instant windowStart) {
		Timestamp forgottenBefore = Timestamp.from(windowStart);
		// MariaDB assigns left to right, each assignment seeing the ones before it: last_failure_at goes last
		this.jdbcTemplate.batchUpdate("""
				INSERT INTO webconnector_login_throttles
					(username, address, failures, first_failure_at, last_failure_at, delayed_until)
				VALUES (?, ?, ?, ?, ?, NULL)
				ON DUPLICATE KEY UPDATE
					first_failure_at = IF(last_failure_at < ?, VALUES(first_failure_at), first_failure_at),
					failures = IF(last_failure_at < ?, 0, failures) + VALUES(failures),
					last_failure_at = GREATEST(last_failure_at, VALUES(last_failure_at))
				""", refused, refused.size(), (ps, r) -> {
			ps.setString(1, r.username());
			ps.setString(2, r.address());
			ps.setInt(3, r.refusals());
			ps.setTimestamp(4, Timestamp.from(r.first()));
			ps.setTimestamp(5, Timestamp.from(r.last()));
			ps.setTimestamp(6, forgottenBefore);
			ps.setTimestamp(7, forgottenBefore);
		});
	}

	/** The attempt's password was checked and was wrong: it stays a failure, now one of the address's too. */
	void checked(String username, String address) {
		this.jdbc.sql("""
				UPDATE webconnector_login_throttles SET checking = GREATEST(checking - 1, 0)
				WHERE username = :username AND address = :address
				""")
			.param("username", username)
			.param("address", address)
			.update();
	}

	/** The attempt was never checked (the server was too busy): it does not count against the pair. */
	void uncount(String username, String address) {
		this.jdbc.sql("""
				UPDATE webconnector_login_throttles
				SET failures = GREATEST(failures - 1, 0), checking = GREATEST(checking - 1, 0)
				WHERE username = :username AND address = :address
				""")
			.param("username", username)
			.param("address", address)
			.update();
	}

	/** The right password: the pair's failures are forgotten, and the address is one of the username's usual ones. */
	void succeeded(String username, String address, Instant now) {
		this.jdbc.sql("DELETE FROM webconnector_login_throttles WHERE username = :username AND address = :address")
			.param("username", username)
			.param("address", address)
			.update();
		this.jdbc.sql("""
				INSERT INTO webconnector_login_addresses (username, address, last_success_at)
				VALUES (:username, :address, :now)
				ON DUPLICATE KEY UPDATE last_success_at = :now
				""")
			.param("username", username)
			.param("address", address)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Whether the username has logged in from this address with the right password since {@code since}. */
	boolean isUsual(String username, String address, Instant since) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM webconnector_login_addresses
				WHERE username = :username AND address = :address AND last_success_at >= :since
				""")
			.param("username", username)
			.param("address", address)
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single() > 0;
	}

	/** The username's addresses with a failure since {@code since}, most failures first. */
	List<Failures> recentFailures(String username, Instant since) {
		return this.jdbc.sql("""
				SELECT address, failures, checking, first_failure_at, last_failure_at, delayed_until
				FROM webconnector_login_throttles
				WHERE username = :username AND failures > 0 AND last_failure_at >= :since
				ORDER BY failures DESC, last_failure_at DESC LIMIT 50
				""")
			.param("username", username)
			.param("since", Timestamp.from(since))
			.query(FAILURES)
			.list();
	}

	/**
	 * The usernames that logged in from the address with the right password since {@code since}, at most
	 * {@code atMost} of them.
	 */
	java.util.Set<String> usualUsernames(String address, Instant since, int atMost) {
		return new java.util.HashSet<>(this.jdbc.sql("""
				SELECT username FROM webconnector_login_addresses
				WHERE address = :address AND last_success_at >= :since LIMIT :atMost
				""")
			.param("address", address)
			.param("since", Timestamp.from(since))
			.param("atMost", atMost)
			.query(String.class)
			.list());
	}

	/** An address a right password came from, and when the latest did. */
	record ProvenAddress(String address, Instant lastSuccessAt) {
	}

	/**
	 * The addresses any username logged in from with the right password since {@code since}, oldest first; the latest
	 * {@code atMost} of them.
	 */
	List<ProvenAddress> provenAddresses(Instant since, int atMost) {
		return this.jdbc.sql("""
				SELECT address, last_success_at
				FROM (SELECT address, MAX(last_success_at) AS last_success_at FROM webconnector_login_addresses
				      WHERE last_success_at >= :since GROUP BY address ORDER BY last_success_at DESC LIMIT :atMost) latest
				ORDER BY last_success_at
				""")
			.param("since", Timestamp.from(since))
			.param("atMost", atMost)
			.query((rs, row) -> new ProvenAddress(rs.getString("address"), instant(rs, "last_success_at")))
			.list();
	}

	/** The addresses the username logged in from since {@code since}, latest first. */
	List<String> usualAddresses(String username, Instant since) {
		return this.jdbc.sql("""
				SELECT address FROM webconnector_login_addresses
				WHERE username = :username AND last_success_at >= :since
				ORDER BY last_success_at DESC LIMIT 20
				""")
			.param("username", username)
			.param("since", Timestamp.from(since))
			.query(String.class)
			.list();
	}

	/**
	 * Forgets failures last seen before {@code failuresBefore} (so a storm of made-up names fades) and usual addresses
	 * last used before {@code addressesBefore}.
	 */
	int forget(Instant failuresBefore, Instant addressesBefore) {
		int failures = this.jdbc.sql("""
				DELETE FROM webconnector_login_throttles
				WHERE last_failure_at < :cutoff AND (delayed_until IS NULL OR delayed_until < :cutoff)
				""")
			.param("cutoff", Timestamp.from(failuresBefore))
			.update();
		return failures + this.jdbc.sql("DELETE FROM webconnector_login_addresses WHERE last_success_at < :cutoff")
			.param("cutoff", Timestamp.from(addressesBefore))
			.update();
	}

	private static Failures failures(ResultSet rs, int row) throws SQLException {
		return new Failures(rs.getString("address"), rs.getInt("failures"), rs.getInt("checking"),
				instant(rs, "first_failure_at"),
				instant(rs, "last_failure_at"), instant(rs, "delayed_until"));
	}

}
