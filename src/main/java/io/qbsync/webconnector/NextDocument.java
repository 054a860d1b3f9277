package io.qbsync.webconnector;

import java.time.Instant;
import java.util.Optional;

import io.qbsync.company.Company;
import io.qbsync.delivery.Deliveries;
import io.qbsync.outbox.Outbox;
import io.qbsync.outbox.OutboxDocument;
import io.qbsync.outbox.OutboxState;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.quickbooks.ImportPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Chooses the document a session sends next, in this order: an import check, a delivery lookup, the company's
 * queued outbox documents (a release document starts the session's delivery execution), an import page. Every
 * document is recorded as SENT with the session before it leaves.
 */
@Component
class NextDocument {

	private static final Logger log = LoggerFactory.getLogger(NextDocument.class);

	static final String HELD_BACK = "qbsync has changes and queries for QuickBooks but is holding them back: it cannot "
			+ "confirm that the open company file is this company's (the file carries no qbsync FileID for it). Nothing "
			+ "was read or changed. Open the right company file; if it is the right one, remove the application from "
			+ "the Web Connector and add it again with this company's .qwc file from qbsync, so the Web Connector "
			+ "records the FileID in the company file.";

	private final WebConnectorSessions sessions;

	private final Outbox outbox;

	private final ImportPlanner imports;

	private final Deliveries deliveries;

	NextDocument(WebConnectorSessions sessions, Outbox outbox, ImportPlanner imports, Deliveries deliveries) {
		this.sessions = sessions;
		this.outbox = outbox;
		this.imports = imports;
		this.deliveries = deliveries;
	}

	/** How many documents (or kinds of work) wait for the company: queued ones, imports, delivery work. */
	int waiting(long companyId, Instant now) {
		return this.outbox.countQueued(companyId) + (this.imports.hasWork(companyId, now) ? 1 : 0)
				+ (this.deliveries.hasWork(companyId, now) ? 1 : 0);
	}

	/**
	 * The session's next document, or "" (with the reason recorded for getLastError). Nothing at all, not even a
	 * query, goes to a company file that is not proven to be this company's (its FileID under our OwnerID, stamped by
	 * the Web Connector when the .qwc file was added): a query would read another company's books into this one, and a
	 * change would write into them.
	 */
	String next(WebConnectorSession session, Company company, QbxmlVersion version, Instant now) {
		// the session as locked by this call, or, on its first call, as that call has just recorded the file
		boolean fileConfirmed = session.qbFileId() != null
				|| this.sessions.findById(session.id()).map(WebConnectorSession::qbFileId).isPresent();
		if (!fileConfirmed) {
			log.warn("Everything held back: the company file carries no qbsync FileID for company {}", company.id());
			this.sessions.recordError(session.id(), HELD_BACK, now);
			return "";
		}
		Optional<ImportPlanner.PlannedQuery> check = this.imports.nextCheck(company.id(), version);
		if (check.isPresent()) {
			return sendImport(session, company, version, check.get(), now);
		}
		Optional<Deliveries.Lookup> lookup = this.deliveries.nextLookup(company.id(), version, now);
		if (lookup.isPresent()) {
			long id = this.outbox.add(company.id(), Deliveries.LOOKUP_SOURCE, version.toString(),
					lookup.get().document(), now);
			this.outbox.markSent(id, session.id(), now);
			this.deliveries.lookupSent(lookup.get(), id, now);
			this.sessions.recordSent(session.id(), id, now);
			log.info("Sent lookup of {} item(s) as outbox document {}", lookup.get().itemIds().size(), id);
			return lookup.get().document();
		}
		while (true) {
			Optional<OutboxDocument> next = this.outbox.lockNextQueued(company.id());
			if (next.isEmpty()) {
				Optional<ImportPlanner.PlannedQuery> query = this.imports.next(company.id(), version);
				if (query.isPresent()) {
					return sendImport(session, company, version, query.get(), now);
				}
				this.sessions.recordError(session.id(), "Nothing is waiting to be sent to QuickBooks right now; "
						+ "nothing is wrong. qbsync will send new changes at the next run.", now);
				return "";
			}
			OutboxDocument doc = next.get();
			QbxmlVersion needed = QbxmlVersion.parse(doc.qbxmlVersion()).orElseThrow();
			if (needed.compareTo(version) > 0) {
				String why = "Not sent: this document is written for qbXML " + needed + ", but the QuickBooks it would go "
						+ "to reads qbXML " + version + " at most (capped by the company's setting).";
				this.outbox.markFailed(doc.id(), OutboxState.QUEUED, null, why, now);
				log.warn("Outbox document {} needs qbXML {} but the session speaks {}; marked FAILED", doc.id(), needed,
						version);
				continue;
			}
			return send(session, company, doc, now);
		}
	}

	/** A queued outbox document leaves; a release document counts in the session's delivery, started on the first. */
	private String send(WebConnectorSession session, Company company, OutboxDocument doc, Instant now) {
		this.outbox.markSent(doc.id(), session.id(), now);
		this.sessions.recordSent(session.id(), doc.id(), now);
		if (Deliveries.RELEASE_SOURCE.equals(doc.source())) {
			long execution = this.sessions.deliveryExecution(session.id()).orElseGet(() -> {
				long started = this.deliveries.beginDelivery(company.id(), session.id());
				this.sessions.recordDeliveryExecution(session.id(), started);
				return started;
			});
			this.deliveries.sent(company.id(), session.id(), execution, doc.id(), now);
		}
		log.info("Sent outbox document {}", doc.id());
		if (log.isDebugEnabled()) {
			log.debug("qbXML request of document {}:\n{}", doc.id(), doc.request());
		}
		return doc.request();
	}

	/** An import query is written into the outbox as it leaves, so it is recorded like any other document. */
	private String sendImport(WebConnectorSession session, Company company, QbxmlVersion version,
			ImportPlanner.PlannedQuery query, Instant now) {
		long id = this.outbox.add(company.id(), query.source(), version.toString(), query.document(), now);
		this.outbox.markSent(id, session.id(), now);
		this.imports.sent(company.id(), query, id);
		this.sessions.recordSent(session.id(), id, now);
		log.info("Sent import query {} as outbox document {}", query.query(), id);
		return query.document();
	}

}
