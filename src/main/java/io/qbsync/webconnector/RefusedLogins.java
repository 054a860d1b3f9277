package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Logins refused from memory ({@link CappedAddresses}), counted per username and address on the request thread and
 * added to the pairs' failures every few seconds by a thread of its own. So a spray shows on the company's page as
 * large as it was, and the pairs' delays and the caps count every attempt, as when each one went to the database;
 * the request threads still take no connection for it.
 *
 * <p>
 * At most {@link #AT_MOST} pairs are kept between two writes; refusals of further pairs are only counted, and the
 * count is logged with the next write.
 */
@Component
class RefusedLogins implements SmartLifecycle {

	static final int AT_MOST = 10_000;

	static final long WRITE_EVERY_MILLIS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(RefusedLogins.class);

	private final ConcurrentHashMap<Pair, Tally> tallies = new ConcurrentHashMap<>();

	private final AtomicLong unkept = new AtomicLong();

	private final LoginThrottle throttle;

	private final WebConnectorSettings settings;

	private final Clock clock;

	private ScheduledExecutorService writer;

	RefusedLogins(LoginThrottle throttle, WebConnectorSettings settings, Clock clock) {
		this.throttle = throttle;
		this.settings = settings;
		this.clock = clock;
	}

	/** One username and source address. */
	record Pair(String username, String address) {
	}

	/** Refusals of one pair since the last write. */
	record Tally(int refusals, Instant first, Instant last) {

		Tally plus(Tally other) {
			return new Tally(this.refusals + other.refusals, this.first.isBefore(other.first) ? this.first : other.first,
					this.last.isAfter(other.last) ? this.last : other.last);
		}

	}

	/** A login of the pair was refused without the database. */
	void refused(String username, String address) {
		Pair pair = new Pair(username, address);
		if (this.tallies.size() >= AT_MOST && !this.tallies.containsKey(pair)) {
			this.unkept.incrementAndGet();
			return;
		}
		Instant now = this.clock.instant();
		this.tallies.merge(pair, new Tally(1, now, now), Tally::plus);
	}

	/** Adds the refusals counted so far to the pairs' failures; answers how many refusals it wrote. */
	int write() {
		List<LoginThrottle.Refused> refused = new ArrayList<>();
		for (Pair pair : List.copyOf(this.tallies.keySet())) {
			Tally tally = this.tallies.remove(pair);
			if (tally != null) {
				refused.add(new LoginThrottle.Refused(pair.username(), pair.address(), tally.refusals(), tally.first(),
						tally.last()));
			}
		}
		long lost = this.unkept.getAndSet(0);
		if (lost > 0) {
			log.warn("{} Web Connector logins refused from memory were not counted per username and address: more "
					+ "than {} pairs within {} s", lost, AT_MOST, WRITE_EVERY_MILLIS / 1000);
		}
		if (refused.isEmpty()) {
			return 0;
		}
		try {
			this.throttle.addRefused(refused, this.clock.instant().minus(this.settings.failedLoginWindow()));
		}
		catch (RuntimeException ex) {
			// kept for the next write
			refused.forEach((r) -> this.tallies.merge(new Pair(r.username(), r.address()),
					new Tally(r.refusals(), r.first(), r.last()), Tally::plus));
			log.warn("Could not write {} Web Connector login refusal(s): {}", refused.size(), ex.getMessage());
			return 0;
		}
		return refused.stream().mapToInt(LoginThrottle.Refused::refusals).sum();
	}

	@Override
	public synchronized void start() {
		if (this.writer != null) {
			return;
		}
		this.writer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "qbsync-refused-logins");
			thread.setDaemon(true);
			return thread;
		});
		this.writer.scheduleWithFixedDelay(this::write, WRITE_EVERY_MILLIS, WRITE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.writer != null) {
			this.writer.shutdownNow();
			this.writer = null;
			// what this node counted last is not lost with it
			write();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.writer != null;
	}

}
