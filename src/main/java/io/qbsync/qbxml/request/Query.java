package io.qbsync.qbxml.request;

import java.time.LocalDateTime;
import java.util.List;

/**
 * What a query asks for: by ids, by names (FullName or RefNumber), or by a filter on modification time, with
 * iterator paging.
 *
 * @param ids ListIDs or TxnIDs
 * @param names FullNames (lists) or RefNumbers (transactions)
 * @param modifiedFrom inclusive, in the QuickBooks computer's local time, sent without an offset (QuickBooks'
 * offsets ignore daylight saving)
 * @param modifiedTo inclusive, as modifiedFrom
 * @param allStatuses lists only: include inactive records (QuickBooks' default is active only)
 * @param maxReturned the page size
 * @param iterator START a paged query, CONTINUE it with {@code iteratorId}, or null for no iterator
 * @param iteratorId the id QuickBooks gave with the first page
 * @param includeLineItems transactions only: return their lines
 */
public record Query(List<String> ids, List<String> names, LocalDateTime modifiedFrom, LocalDateTime modifiedTo,
		boolean allStatuses, Integer maxReturned, Iterator iterator, String iteratorId, boolean includeLineItems) {

	/** Iterator paging. */
	public enum Iterator {

		START, CONTINUE

	}

	public Query {
		ids = List.copyOf(ids);
		names = List.copyOf(names);
	}

	public static Query byIds(String... ids) {
		return new Query(List.of(ids), List.of(), null, null, false, null, null, null, false);
	}

	public static Query byNames(String... names) {
		return new Query(List.of(), List.of(names), null, null, false, null, null, null, false);
	}

	/** Everything changed in the range; either end may be null. */
	public static Query modified(LocalDateTime from, LocalDateTime to) {
		return new Query(List.of(), List.of(), from, to, false, null, null, null, false);
	}

	/** Lists only: inactive records too (ActiveStatus All). */
	public Query includingInactive() {
		return new Query(this.ids, this.names, this.modifiedFrom, this.modifiedTo, true, this.maxReturned, this.iterator,
				this.iteratorId, this.includeLineItems);
	}

	public Query maxReturned(int max) {
		return new Query(this.ids, this.names, this.modifiedFrom, this.modifiedTo, this.allStatuses, max, this.iterator,
				this.iteratorId, this.includeLineItems);
	}

	/** The first page of a paged query. */
	public Query startIterator(int pageSize) {
		return new Query(this.ids, this.names, this.modifiedFrom, this.modifiedTo, this.allStatuses, pageSize,
				Iterator.START, null, this.includeLineItems);
	}

	/** The next page: the same query with the iterator id QuickBooks returned. */
	public Query continueIterator(String iteratorId) {
		return new Query(this.ids, this.names, this.modifiedFrom, this.modifiedTo, this.allStatuses, this.maxReturned,
				Iterator.CONTINUE, iteratorId, this.includeLineItems);
	}

	public Query withLineItems() {
		return new Query(this.ids, this.names, this.modifiedFrom, this.modifiedTo, this.allStatuses, this.maxReturned,
				this.iterator, this.iteratorId, true);
	}

}
