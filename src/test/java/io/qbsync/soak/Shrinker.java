package io.qbsync.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds a short step list that still fails the same way, within a time budget: first the shortest failing prefix
 * (bisection), then delta debugging (drop chunks of steps, halving the chunk size when no chunk can go). Each try replays the kept steps against fresh companies.
 */
final class Shrinker {

	private Shrinker() {
	}

	/** The shortest list found, and how many replays it took. */
	record Shrunk(List<Integer> kept, int tries, boolean budgetRanOut) {
	}

	static Shrunk shrink(List<Integer> failing, Predicate<List<Integer>> stillFails, Duration budget) {
		long deadline = System.nanoTime() + budget.toNanos();
		List<Integer> current = new ArrayList<>(failing);
		int tries = 0;
		// first the shortest failing prefix (most failures need only what came before them), by bisection
		int lo = 1;
		int hi = current.size();
		while (lo < hi && System.nanoTime() < deadline) {
			int mid = (lo + hi) / 2;
			tries++;
			if (stillFails.test(current.subList(0, mid))) {
				hi = mid;
			}
			else {
				lo = mid + 1;
			}
		}
		current = new ArrayList<>(current.subList(0, hi));
		int chunks = 2;
		while (current.size() > 1) {
			int size = Math.max(1, current.size() / chunks);
			boolean removed = false;
			for (int from = 0; from < current.size(); from += size) {
				if (System.nanoTime() > deadline) {
					return new Shrunk(current, tries, true);
				}
				List<Integer> candidate = new ArrayList<>(current.subList(0, from));
				candidate.addAll(current.subList(Math.min(current.size(), from + size), current.size()));
				if (candidate.isEmpty()) {
					continue;
				}
				tries++;
				if (stillFails.test(candidate)) {
					current = candidate;
					removed = true;
					break;
				}
			}
			if (removed) {
				chunks = Math.max(2, chunks - 1);
			}
			else if (size == 1) {
				break;
			}
			else {
				chunks = Math.min(current.size(), chunks * 2);
			}
		}
		return new Shrunk(current, tries, false);
	}

}
