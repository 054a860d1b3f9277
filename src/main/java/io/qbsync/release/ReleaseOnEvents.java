package io.qbsync.release;

import io.qbsync.report.ItemResynced;
import io.qbsync.wizard.ExportsApproved;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Release when something happened that gave a company items to release: an approval, a Resync. Runs after the
 * publisher's commit, on its thread, so the caller sees the items Pending when its call returns.
 *
 * <p>
 * The event publication registry (Spring Modulith, table {@code EVENT_PUBLICATION}) stores each event with the
 * publisher's transaction and deletes it when the listener returns; one whose listener failed stays and is republished
 * when a node starts (and the scheduled release takes the items meanwhile).
 *
 * <p>
 * The listener runs in the committed transaction's completion, with its connection still bound: NOT_SUPPORTED
 * suspends it, as a job must start outside a transaction (without it the job's rows go to that connection, in a
 * transaction nobody commits, and the job's step waits on their locks until it times out). Modulith marks the
 * publication complete (or failed) around this method in a transaction of its own.
 *
 * <p>
 * {@code qbsync.release.on-events=false} leaves the items Approved for the next session or the schedule (the
 * delivery benchmark uses it to time approval and release apart).
 */
@Component
@ConditionalOnProperty(name = "qbsync.release.on-events", havingValue = "true", matchIfMissing = true)
class ReleaseOnEvents {

	private final ReleaseService releases;

	ReleaseOnEvents(ReleaseService releases) {
		this.releases = releases;
	}

	@TransactionalEventListener
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void on(ExportsApproved approved) {
		this.releases.release(approved.companyId());
	}

	@TransactionalEventListener
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void on(ItemResynced resynced) {
		this.releases.release(resynced.companyId());
	}

}
