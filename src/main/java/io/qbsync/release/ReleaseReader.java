package io.qbsync.release;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.WizardItem;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads a company's releasable items in dependency order, a page (one chunk) at a time, each with what its planning
 * needs. Four queries a page, whatever its size: the items, their records, the records' first exports in flight, and
 * their parents.
 */
class ReleaseReader implements ItemReader<ReleaseCandidate> {

	private final long companyId;

	private final ItemQueries items;

	private final SingleOpsRecords records;

	private final Clock clock;

	private final int page;

	private Deque<ReleaseCandidate> buffer = new ArrayDeque<>();

	private int rank = Integer.MIN_VALUE;

	private long id;

	ReleaseReader(long companyId, ItemQueries items, SingleOpsRecords records, Clock clock, int page) {
		this.companyId = companyId;
		this.items = items;
		this.records = records;
		this.clock = clock;
		this.page = page;
	}

	@Override
	public ReleaseCandidate read() {
		if (this.buffer.isEmpty()) {
			this.buffer = new ArrayDeque<>(
					candidates(this.items.releasable(this.companyId, this.rank, this.id, this.clock.instant(), this.page)));
		}
		ReleaseCandidate next = this.buffer.poll();
		if (next != null) {
			this.rank = next.item().progress().rank();
			this.id = next.item().id();
		}
		return next;
	}

	private List<ReleaseCandidate> candidates(List<WizardItem> page) {
		List<Long> ids = page.stream().map(WizardItem::recordId).filter(Objects::nonNull).distinct().toList();
		if (ids.isEmpty()) {
			return page.stream().map((item) -> new ReleaseCandidate(item, null, false, List.of())).toList();
		}
		Map<Long, StoredRecord> found = new HashMap<>();
		this.records.findAllById(this.companyId, ids).forEach((r) -> found.put(r.id(), r));
		Map<Long, Long> firstInFlight = this.items.firstInFlight(this.companyId, ids);
		Map<Long, List<StoredRecord>> parents = this.records.parentsOf(this.companyId, ids);
		return page.stream().map((item) -> {
			Long recordId = item.recordId();
			if (recordId == null) {
				return new ReleaseCandidate(item, null, false, List.of());
			}
			Long first = firstInFlight.get(recordId);
			return new ReleaseCandidate(item, found.get(recordId), first != null && first < item.id(),
					parents.getOrDefault(recordId, List.of()));
		}).toList();
	}

}
