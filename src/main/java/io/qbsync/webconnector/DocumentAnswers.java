package io.qbsync.webconnector;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.qbsync.delivery.Deliveries;
import io.qbsync.metrics.SyncMetrics;
import io.qbsync.outbox.Outbox;
import io.qbsync.outbox.OutboxDocument;
import io.qbsync.outbox.OutboxState;
import io.qbsync.qbxml.response.QbResponseStatus;
import io.qbsync.quickbooks.ImportPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * What becomes of a session's document in flight when the Web Connector comes back: QuickBooks' answer is stored and
 * handed to whoever asked for the document (a delivery, an import); an HRESULT or an empty answer fails the session;
 * no answer at all, before the next document is asked for, leaves the document UNCERTAIN. Each runs in the
 * transaction of the call that brought it.
 */
@Component
class DocumentAnswers {

	private static final Logger log = LoggerFactory.getLogger(DocumentAnswers.class);

	private final WebConnectorSessions sessions;

	private final SessionEnds ends;

	private final Outbox outbox;

	private final ImportPlanner imports;

	private final Deliveries deliveries;

	private final SyncMetrics metrics;

	DocumentAnswers(WebConnectorSessions sessions, SessionEnds ends, Outbox outbox, ImportPlanner imports,
			Deliveries deliveries, SyncMetrics metrics) {
		this.sessions = sessions;
		this.ends = ends;
		this.outbox = outbox;
		this.imports = imports;
		this.deliveries = deliveries;
		this.metrics = metrics;
	}

	/** Stores QuickBooks' answer and hands it to the delivery or import that sent the document. */
	void answered(WebConnectorSession session, long docId, String response, Instant now) {
		this.outbox.markAnswered(docId, response, now);
		this.sessions.recordAnswered(session.id(), now);
		String source = this.outbox.source(docId);
		if (Deliveries.RELEASE_SOURCE.equals(source) || Deliveries.LOOKUP_SOURCE.equals(source)) {
			// the delivery reads the answer once; the counters take its statuses from that reading
			Optional<List<QbResponseStatus>> read = this.metrics.settlingAnswer(
					() -> this.deliveries.received(session.companyId(), docId, source, response, now));
			read.ifPresentOrElse((statuses) -> this.metrics.answered(statuses), () -> this.metrics.answered(response));
		}
		else {
			this.metrics.answered(response);
		}
		if (source.startsWith(ImportPlanner.SOURCE_PREFIX)) {
			this.imports.received(session.companyId(), source.substring(ImportPlanner.SOURCE_PREFIX.length()), docId,
					response);
		}
		if (log.isDebugEnabled()) {
			log.debug("qbXML response to document {}:\n{}", docId, response);
		}
	}

	/**
	 * QuickBooks could not process the document (a non-empty HRESULT): FAILED when it certainly applied nothing (a
	 * parse error), else UNCERTAIN; the session fails and getLastError explains it.
	 */
	void failed(WebConnectorSession session, long docId, String hresult, String message, Instant now) {
		if (Hresults.certainlyNotApplied(hresult)) {
			this.outbox.markFailed(docId, OutboxState.SENT, hresult.strip(), message, now);
		}
		else {
			this.outbox.markUncertain(docId, hresult.strip(), message, now);
		}
		String request = this.outbox.find(session.companyId(), docId).map(OutboxDocument::request).orElse(null);
		this.metrics.failed(request, hresult);
		failSession(session, Hresults.explain(hresult, message), now);
		log.warn("QuickBooks could not process outbox document {}: {}", docId, hresult.strip());
	}

	/** The Web Connector brought no answer back: what reached QuickBooks is unknown, and the session fails. */
	void empty(WebConnectorSession session, long docId, Instant now) {
		this.outbox.markUncertain(docId, null, "The Web Connector returned an empty answer", now);
		failSession(session, "The Web Connector returned an empty answer from QuickBooks. qbsync will check what "
				+ "reached QuickBooks before sending it again.", now);
	}

	/**
	 * The Web Connector asked for the next document without answering the one in flight: that one may or may not have
	 * reached QuickBooks. A lost import page starts again from its unmoved cursor, so no page is skipped.
	 */
	void lost(WebConnectorSession session, Instant now) {
		this.outbox.markUncertain(session.inFlightDocumentId(), null,
				"The Web Connector asked for the next document without returning QuickBooks' answer to this one", now);
		this.sessions.recordDocumentFailed(session.id(), "A document's answer was lost on the way back", now);
		this.imports.lost(session.companyId(), session.inFlightDocumentId());
	}

	private void failSession(WebConnectorSession session, String why, Instant now) {
		this.sessions.recordDocumentFailed(session.id(), why, now);
		this.sessions.end(session.id(), SessionState.OPEN, SessionState.FAILED, now);
		this.ends.endDelivery(session.id(), true);
	}

}
