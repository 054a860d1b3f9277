package io.qbsync.webconnector;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small map kept in this node's memory: each entry lives a fixed time from its last write, and past a number of
 * entries the oldest go first, so an attacker sending new keys costs a bounded amount of memory. Used for answers
 * that may be given without the database; what it forgets is asked of the database again.
 */
final class ExpiringMemory<K, V> {

	private record Entry<V>(V value, long until) {
	}

	private final long keepNanos;

	private final int atMost;

	/** Oldest write first: with one lifetime for all, also first to expire. */
	private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();

	ExpiringMemory(java.time.Duration keep, int atMost) {
		this.keepNanos = keep.toNanos();
		this.atMost = atMost;
	}

	/** The value, unless it expired or was never written. */
	synchronized V get(K key) {
		Entry<V> entry = this.entries.get(key);
		if (entry == null) {
			return null;
		}
		if (entry.until() - System.nanoTime() <= 0) {
			this.entries.remove(key);
			return null;
		}
		return entry.value();
	}

	/** Writes the value, to live the full time from now. */
	synchronized void put(K key, V value) {
		put(key, value, this.keepNanos);
	}

	/**
	 * Writes the value, to live {@code keep} from now (at most the full time). For values learnt at a start, oldest
	 * first, before any other write: the order of writes stays the order of expiry.
	 */
	synchronized void put(K key, V value, java.time.Duration keep) {
		put(key, value, Math.min(keep.toNanos(), this.keepNanos));
	}

	private void put(K key, V value, long keepNanos) {
		long now = System.nanoTime();
		this.entries.remove(key);
		this.entries.put(key, new Entry<>(value, now + keepNanos));
		trim(now);
	}

	/**
	 * Writes what {@code change} makes of the live value (null when there is none), to live the full time from now,
	 * and answers it.
	 */
	synchronized V update(K key, UnaryOperator<V> change) {
		V value = change.apply(get(key));
		put(key, value);
		return value;
	}

	synchronized void remove(K key) {
		this.entries.remove(key);
	}

	synchronized int size() {
		return this.entries.size();
	}

	private void trim(long now) {
		Iterator<Map.Entry<K, Entry<V>>> oldest = this.entries.entrySet().iterator();
		while (oldest.hasNext()) {
			Entry<V> entry = oldest.next().getValue();
			if (this.entries.size() <= this.atMost && entry.until() - now > 0) {
				break;
			}
			oldest.remove();
		}
	}

}
