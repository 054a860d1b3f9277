package io.qbsync.system;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failed sign-ins of the pages and the API per username and source address, and the temporary lockout they lead to. Unknown usernames are
 * counted too, so a locked username says nothing about whether it exists. Kept in MariaDB, so every node agrees.
 */
@Repository
public class AdminLoginFailures {

	private final JdbcClient jdbc;

	AdminLoginFailures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The username's failures so far, if it has any. */
	Optional<Row> find(String username, String address) {
		return this.jdbc.sql("""
				SELECT failures, first_failure_at, locked_until FROM admin_login_failures
				WHERE username = :username AND address = :address
				""")
			.param("username", username)
			.param("address", address)
			.query((rs, i) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant(),
					(rs.getTimestamp(3) != null) ? rs.getTimestamp(3).toInstant() : null))
			.optional();
	}

	/** Counts one failure; locks the username from that address when it reaches {@code max} within {@code window}. */
	@Transactional
	void recordFailure(String username, String address, Instant now, int max, Duration window, Duration lockout) {
		Optional<Row> row = this.jdbc.sql("""
				SELECT failures, first_failure_at, locked_until FROM admin_login_failures
				WHERE username = :username AND address = :address
				FOR UPDATE
				""")
			.param("username", username)
			.param("address", address)
			.query((rs, i) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant(), null))
			.optional();
		boolean fresh = row.isEmpty() || row.get().firstFailureAt().plus(window).isBefore(now);
		int failures = fresh ? 1 : row.get().failures() + 1;
		Instant first = fresh ? now : row.get().firstFailureAt();
		Timestamp lockedUntil = (failures >= max) ? Timestamp.from(now.plus(lockout)) : null;
		this.jdbc.sql("""
				INSERT INTO admin_login_failures (username, address, failures, first_failure_at, locked_until)
				VALUES (:username, :address, :failures, :first, :locked)
				ON DUPLICATE KEY UPDATE failures = :failures, first_failure_at = :first, locked_until = :locked
				""")
			.param("username", username)
			.param("address", address)
			.param("failures", failures)
			.param("first", Timestamp.from(first))
			.param("locked", lockedUntil)
			.update();
	}

	void clear(String username, String address) {
		this.jdbc.sql("DELETE FROM admin_login_failures WHERE username = :username AND address = :address")
			.param("username", username)
			.param("address", address)
			.update();
	}

	record Row(int failures, Instant firstFailureAt, Instant lockedUntil) {

		boolean lockedAt(Instant now) {
			return this.lockedUntil != null && this.lockedUntil.isAfter(now);
		}

	}

	/**
	 * Deletes at most {@code limit} rows whose counting window and lockout are both over, oldest first. A row whose
	 * first failure is older than the window counts as no failures at all (the next failure starts afresh), so
	 * deleting it changes nothing.
	 */
	public int purgeExpired(Instant windowStart, Instant now, int limit) {
		return this.jdbc.sql("""
				DELETE FROM admin_login_failures
				WHERE first_failure_at < :windowStart AND (locked_until IS NULL OR locked_until < :now)
				ORDER BY first_failure_at LIMIT :limit
				""")
			.param("windowStart", Timestamp.from(windowStart))
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.update();
	}

}
