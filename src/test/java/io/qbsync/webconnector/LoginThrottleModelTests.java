package io.qbsync.webconnector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle against a model of its rules as the README states them, over random sequences of logins: a few
 * usernames and addresses, right and wrong passwords, checks put off as busy, and time passing by seconds, minutes and
 * past the window. Small caps make storms and sprays happen within a few hundred attempts. Whatever the sequence, the
 * throttle lets through exactly the attempts the rules allow, and a login from one of the username's usual addresses
 * is refused only while that pair itself is held back.
 */
class LoginThrottleModelTests extends IntegrationTest {

	static final int FREE = 3;

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final Duration FIRST_DELAY = Duration.ofSeconds(2);

	static final Duration LONGEST = Duration.ofMinutes(15);

	static final int PER_USERNAME = 12;

	static final int PER_ADDRESS = 6;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	PlatformTransactionManager tx;

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6 })
	void theThrottleLetsThroughExactlyWhatItsRulesAllow(long seed) {
		LoginThrottle throttle = new LoginThrottle(this.jdbc, this.jdbcTemplate, this.tx,
				new WebConnectorSettings(Duration.ofMinutes(20), "2.1.0.30", "2.3.0.36", FREE, WINDOW, FIRST_DELAY,
						LONGEST, PER_USERNAME, PER_ADDRESS, 2, 2, 1, Duration.ofSeconds(5), 200, Duration.ofMinutes(5),
						8, Duration.ofSeconds(60), 30, 1));
		Random random = new Random(seed);
		// names of this run's own: rows of earlier runs on the same database stay out of its sums
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> usernames = List.of("m-" + run + "-a", "m-" + run + "-b", "m-" + run + "-c");
		List<String> addresses = List.of("2001:db8:" + run.substring(0, 4) + "::1", "2001:db8:" + run.substring(0, 4)
				+ "::2", "2001:db8:" + run.substring(0, 4) + "::3", "2001:db8:" + run.substring(0, 4) + "::4");
		Model model = new Model();
		Instant now = Instant.parse("2026-12-07T08:00:00Z").plusSeconds(seed * 86_400);
		List<String> steps = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			String username = usernames.get(random.nextInt(usernames.size()));
			String address = addresses.get(random.nextInt(addresses.size()));
			boolean usual = model.isUsual(username, address);
			assertThat(throttle.isUsual(username, address, now.minus(Duration.ofDays(30)))).as("usual").isEqualTo(usual);

			boolean expected = model.begin(username, address, usual, now);
			LoginThrottle.Attempt attempt = throttle.begin(username, address, usual, now);
			String step = i + ": " + username.substring(username.length() - 1) + " from ::" + address.charAt(
					address.length() - 1) + (usual ? " (usual)" : "") + " at " + now + " -> " + attempt;
			steps.add(step);
			assertThat(attempt.allowed()).as("%s%nafter%n%s", step, String.join("\n", last(steps, 15)))
				.isEqualTo(expected);
			if (usual) {
				assertThat(attempt.allowed()).as(step).isEqualTo(!model.heldBackBefore);
			}
			if (attempt.allowed()) {
				int outcome = random.nextInt(10);
				if (outcome < 3) {
					throttle.succeeded(username, address, now);
					model.succeeded(username, address, now);
				}
				else if (outcome < 4) {
					throttle.uncount(username, address);
					model.uncount(username, address);
				}
				else {
					throttle.checked(username, address);
					model.checked(username, address);
				}
			}
			int pause = random.nextInt(20);
			now = now.plus((pause < 12) ? Duration.ofSeconds(random.nextInt(5))
					: (pause < 19) ? Duration.ofSeconds(random.nextInt(240)) : Duration.ofMinutes(10 + random.nextInt(20)));
		}
	}

	private static List<String> last(List<String> steps, int n) {
		return steps.subList(Math.max(0, steps.size() - n - 1), Math.max(0, steps.size() - 1));
	}

	/** The rules, kept in memory. */
	static final class Model {

		record Pair(String username, String address) {
		}

		static final class Row {

			int failures;

			int checking;

			Instant lastFailureAt;

			Instant delayedUntil;

		}

		final Map<Pair, Row> rows = new HashMap<>();

		final Map<Pair, Instant> successes = new HashMap<>();

		boolean heldBackBefore;

		boolean isUsual(String username, String address) {
			return this.successes.containsKey(new Pair(username, address));
		}

		boolean begin(String username, String address, boolean usual, Instant now) {
			Row row = this.rows.computeIfAbsent(new Pair(username, address), (k) -> {
				Row fresh = new Row();
				fresh.lastFailureAt = now;
				return fresh;
			});
			boolean heldBack = row.delayedUntil != null && row.delayedUntil.isAfter(now);
			this.heldBackBefore = heldBack;
			boolean forgotten = !heldBack && row.lastFailureAt.plus(WINDOW).isBefore(now);
			row.failures = (forgotten ? 0 : row.failures) + 1;
			row.checking = (forgotten ? 0 : row.checking) + (heldBack ? 0 : 1);
			row.lastFailureAt = now;
			Duration delay = delayAfter(row.failures);
			row.delayedUntil = delay.isZero() ? null : now.plus(delay);
			if (heldBack || usual) {
				return !heldBack;
			}
			Instant since = now.minus(WINDOW);
			int forUsername = 0;
			int fromAddress = 0;
			for (Map.Entry<Pair, Row> e : this.rows.entrySet()) {
				Row r = e.getValue();
				if (r.lastFailureAt.isBefore(since)) {
					continue;
				}
				if (e.getKey().username().equals(username)) {
					forUsername += r.failures;
				}
				if (e.getKey().address().equals(address)) {
					fromAddress += Math.max(0, r.failures - r.checking);
				}
			}
			boolean allowed = forUsername <= PER_USERNAME && fromAddress < PER_ADDRESS;
			if (!allowed) {
				row.checking = Math.max(0, row.checking - 1);
			}
			return allowed;
		}

		void succeeded(String username, String address, Instant now) {
			this.rows.remove(new Pair(username, address));
			this.successes.put(new Pair(username, address), now);
		}

		void checked(String username, String address) {
			Row row = this.rows.get(new Pair(username, address));
			row.checking = Math.max(0, row.checking - 1);
		}

		void uncount(String username, String address) {
			Row row = this.rows.get(new Pair(username, address));
			row.failures = Math.max(0, row.failures - 1);
			row.checking = Math.max(0, row.checking - 1);
		}

		static Duration delayAfter(int failures) {
			int over = failures - FREE;
			if (over <= 0) {
				return Duration.ZERO;
			}
			Duration delay = FIRST_DELAY;
			for (int i = 1; i < over && delay.compareTo(LONGEST) < 0; i++) {
				delay = delay.multipliedBy(2);
			}
			return (delay.compareTo(LONGEST) > 0) ? LONGEST : delay;
		}

	}

}
