package io.qbsync.release;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.outbox.Outbox;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.request.QbxmlMessage;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SyncSettings;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes one release chunk: its requests become one qbXML document in the company's outbox (more only if the chunk
 * is over the byte limit) and their items move from Approved to Pending, all in the chunk's transaction. Items are
 * locked and re-read first: one that another release took meanwhile is left out, so no item is released twice.
 */
class ReleaseWriter implements ItemWriter<Release> {

	static final String SOURCE = "release";

	private static final Logger log = LoggerFactory.getLogger(ReleaseWriter.class);

	private final long companyId;

	private final QbxmlVersion version;

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final Outbox outbox;

	private final SyncSettings settings;

	private final Clock clock;

	ReleaseWriter(long companyId, QbxmlVersion version, ItemTransitions items, ItemQueries queries,
			Outbox outbox, SyncSettings settings, Clock clock) {
		this.companyId = companyId;
		this.version = version;
		this.items = items;
		this.queries = queries;
		this.outbox = outbox;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends Release> chunk) {
		Instant now = this.clock.instant();
		List<Release> sends = new ArrayList<>();
		for (Release release : chunk) {
			WizardItem item = release.item();
			switch (release.kind()) {
				case SEND -> sends.add(release);
				case WITHDRAW -> {
					this.items.withdraw(item.id(), WizardItemState.APPROVED, release.reason(), now);
					unblockLater(item, now);
				}
				case FAIL -> {
					this.items.fail(item, "RECORD", HandlingClass.NEEDS_PERSON, release.reason(), now);
					unblockLater(item, now);
				}
				case BLOCK -> this.items.block(item.id(), release.blockedBy(), release.reason(), now);
				case REFRESH -> this.items.releaseAsLookup(item.id(), WizardItem.Lookup.REFRESH, now);
				case LOOKUP -> this.items.releaseAsLookup(item.id(), WizardItem.Lookup.IDENTITY, now);
			}
		}
		if (sends.isEmpty()) {
			return;
		}
		Map<Long, Release> byId = new HashMap<>();
		sends.forEach((r) -> byId.put(r.item().id(), r));
		List<Release> still = new ArrayList<>();
		for (long locked : this.queries.lockIdsInState(this.companyId, byId.keySet(), WizardItemState.APPROVED)) {
			still.add(byId.get(locked));
		}
		still.sort(Comparator.comparingInt((Release r) -> r.item().progress().rank())
			.thenComparingLong((r) -> r.item().id()));
		List<Release> document = new ArrayList<>();
		int size = 0;
		for (Release release : still) {
			if (!document.isEmpty() && size + release.size() > this.settings.maxBatchBytes()) {
				queue(document, now);
				document = new ArrayList<>();
				size = 0;
			}
			document.add(release);
			size += release.size();
		}
		if (!document.isEmpty()) {
			queue(document, now);
		}
	}

	private static String cut(String text) {
		return (text == null || text.length() <= 255) ? text : text.substring(0, 255);
	}

	private void unblockLater(WizardItem item, Instant now) {
		if (item.recordId() != null) {
			this.items.unblockLaterExports(this.companyId, item.recordId(), now);
		}
	}

	private void queue(List<Release> document, Instant now) {
		List<QbxmlRequest> requests = document.stream().map(Release::request).toList();
		long id = this.outbox.add(this.companyId, SOURCE, this.version.toString(),
				QbxmlMessage.render(this.version, requests), now);
		this.items.release(id, document.stream()
			.map((r) -> new ItemTransitions.Released(r.item().id(), r.sentAs(), cut(r.sentKey())))
			.toList(), now);
		log.info("Released {} item(s) into outbox document {}", document.size(), id);
	}

}
