package io.qbsync.webconnector;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Failed Web Connector logins per username, and the temporary lockout they lead to. Unknown usernames are counted
 * too, so an attacker cannot tell them from real ones.
 */
@Repository
class LoginFailures {

	private final JdbcClient jdbc;

	LoginFailures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean isLocked(String username, Instant now) {
		return this.jdbc.sql("SELECT locked_until FROM webconnector_login_failures WHERE username = :username")
			.param("username", username)
			.query(Timestamp.class)
			.optional()
			.map((until) -> until.toInstant().isAfter(now))
			.orElse(false);
	}

	/** Counts one failure; locks the username when it reaches {@code max} within {@code window}. */
	void recordFailure(String username, Instant now, int max, Duration window, Duration lockout) {
		Optional<Row> row = this.jdbc.sql("""
				SELECT failures, first_failure_at FROM webconnector_login_failures WHERE username = :username FOR UPDATE
				""")
			.param("username", username)
			.query((rs, i) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant()))
			.optional();
		boolean fresh = row.isEmpty() || row.get().firstFailureAt().plus(window).isBefore(now);
		int failures = fresh ? 1 : row.get().failures() + 1;
		Instant first = fresh ? now : row.get().firstFailureAt();
		Timestamp lockedUntil = (failures >= max) ? Timestamp.from(now.plus(lockout)) : null;
		this.jdbc.sql("""
				INSERT INTO webconnector_login_failures (username, failures, first_failure_at, locked_until)
				VALUES (:username, :failures, :first, :locked)
				ON DUPLICATE KEY UPDATE failures = :failures, first_failure_at = :first, locked_until = :locked
				""")
			.param("username", username)
			.param("failures", failures)
			.param("first", Timestamp.from(first))
			.param("locked", lockedUntil)
			.update();
	}

	void clear(String username) {
		this.jdbc.sql("DELETE FROM webconnector_login_failures WHERE username = :username")
			.param("username", username)
			.update();
	}

	private record Row(int failures, Instant firstFailureAt) {
	}

}
