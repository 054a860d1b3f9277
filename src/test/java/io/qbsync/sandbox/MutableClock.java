package io.qbsync.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Clock} the test moves by hand, for TimeCreated/TimeModified, ids and modified-date filters. */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	public MutableClock(Instant start) {
		this(new AtomicReference<>(start), ZoneId.of("UTC"));
	}

	private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	/** Starts at an ISO instant, e.g. {@code "2026-11-26T14:15:02Z"}. */
	public static MutableClock at(String isoInstant) {
		return new MutableClock(Instant.parse(isoInstant));
	}

	public void advance(Duration d) {
		now.updateAndGet(i -> i.plus(d));
	}

	public void advanceSeconds(long seconds) {
		advance(Duration.ofSeconds(seconds));
	}

	public void set(Instant instant) {
		now.set(instant);
	}

	@Override
	public Instant instant() {
		return now.get();
	}

	@Override
	public ZoneId getZone() {
		return zone;
	}

	@Override
	public Clock withZone(ZoneId z) {
		return new MutableClock(now, z);
	}
}
