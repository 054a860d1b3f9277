package io.qbsync.quickbooks;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.request.QbxmlMessage;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.request.Query;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.qbxml.response.DeletedObject;
import io.qbsync.qbxml.response.QbLine;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.response.QbResponseStatus;
import io.qbsync.qbxml.response.QbTimestamp;
import io.qbsync.qbxml.response.QbxmlResponseReader;
import io.qbsync.qbxml.response.ResponseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a company's QuickBooks changes into the QuickBooks change set, one query page per Web Connector round trip:
 * every imported type by modified date since its cursor (with iterators where qbXML has them), and deletions through
 * the deleted-object queries. A cursor moves only when its iteration has finished; an iteration cut off by the end
 * of a session (QuickBooks' iterators die with it) starts again from the unmoved cursor, and the copies that brings
 * back are dropped by EditSequence.
 */
@Service
public class ImportPlanner {

	static final String LIST_DELETED = "ListDeleted";

	static final String TXN_DELETED = "TxnDeleted";

	/** Prefix of the outbox source of import queries; the rest is the query name. */
	public static final String SOURCE_PREFIX = "import:";

	/** Query name prefix of a lookup of linked objects by id; the rest is the object type. */
	static final String CHECK_PREFIX = "check:";

	private static final Logger log = LoggerFactory.getLogger(ImportPlanner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ImportCursors cursors;

	private final QuickBooksChanges changes;

	private final LinkChecks checks;

	private final ImportSettings settings;

	private final Clock clock;

	ImportPlanner(ImportCursors cursors, QuickBooksChanges changes, LinkChecks checks, ImportSettings settings,
			Clock clock) {
		this.cursors = cursors;
		this.changes = changes;
		this.checks = checks;
		this.settings = settings;
		this.clock = clock;
	}

	/** The queries in the order they run: types in dependency order, then deletions. */
	static List<String> queries() {
		List<String> queries = new ArrayList<>();
		Entities.all().stream().filter(EntityType::imports).forEach((t) -> queries.add(t.name()));
		queries.add(LIST_DELETED);
		queries.add(TXN_DELETED);
		return queries;
	}

	/** Whether the company has import work: a query due, or one in the middle of its pages. */
	@Transactional
	public boolean hasWork(long companyId, Instant now) {
		if (!this.settings.enabled()) {
			return false;
		}
		this.cursors.ensure(companyId, queries());
		return this.cursors.all(companyId).stream().anyMatch((c) -> due(c, now))
				|| this.checks.pending(companyId, now, interval());
	}

	/**
	 * The QuickBooks object types of the company whose list qbsync has never read through to the end (none when the
	 * import is off). Until a type is read once, matching against it cannot be trusted, so nothing of it is added.
	 */
	@Transactional
	public java.util.Set<String> neverRead(long companyId) {
		if (!this.settings.enabled()) {
			return java.util.Set.of();
		}
		this.cursors.ensure(companyId, queries());
		return this.cursors.neverRead(companyId);
	}

	/** A new Web Connector session: iterations under way start over (their iterators died with the old session). */
	@Transactional
	public void sessionStarted(long companyId) {
		this.checks.resetInFlight(companyId);
		int reset = this.cursors.resetIterations(companyId);
		if (reset > 0) {
			log.info("{} import iteration(s) of company {} cut off by the end of a session: they start again", reset,
					companyId);
		}
	}

	/**
	 * An import document's answer was lost (the Web Connector asked for the next one first): its query starts again
	 * from its unmoved cursor, and a lookup by id is tried again later, so nothing is skipped.
	 */
	@Transactional
	public void lost(long companyId, long documentId) {
		this.cursors.restartIfWaitingFor(companyId, documentId);
		this.checks.retryLater(companyId, documentId);
	}

	/** The next import request document for the company, or empty when its import is up to date. */
	@Transactional
	public Optional<PlannedQuery> next(long companyId, QbxmlVersion version) {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		this.cursors.ensure(companyId, queries());
		Map<String, ImportCursor> byQuery = new LinkedHashMap<>();
		this.cursors.all(companyId).forEach((c) -> byQuery.put(c.query(), c));
		for (String query : queries()) {
			ImportCursor cursor = byQuery.get(query);
			if (cursor != null && due(cursor, now)) {
				return Optional.of(plan(cursor, version, now));
			}
		}
		return Optional.empty();
	}

	/**
	 * The next lookup of linked objects by id (asked for by the nightly reconciliation), or empty. Lookups go before
	 * anything else in a session, so a link to an object QuickBooks no longer has is found before an export relies on
	 * it.
	 */
	@Transactional
	public Optional<PlannedQuery> nextCheck(long companyId, QbxmlVersion version) {
		if (!this.settings.enabled()) {
			return Optional.empty();
		}
		return this.checks.next(companyId, this.clock.instant(), interval()).map((batch) -> {
			EntityType type = Entities.byName(batch.objectType()).orElseThrow();
			Query query = Query.byIds(batch.qbIds().toArray(String[]::new));
			if (!type.isList()) {
				query = query.withLineItems();
			}
			QbxmlRequest request = new RequestWriter(version, false).query(type, "check-" + type.name(), query);
			return new PlannedQuery(CHECK_PREFIX + type.name(), QbxmlMessage.render(version, List.of(request)),
					batch.qbIds());
		});
	}

	/** The planned query left in the outbox document {@code documentId}. */
	@Transactional
	public void sent(long companyId, PlannedQuery query, long documentId) {
		if (query.query().startsWith(CHECK_PREFIX)) {
			this.checks.sent(companyId, query.query().substring(CHECK_PREFIX.length()), query.ids(), documentId,
					this.clock.instant());
			return;
		}
		this.cursors.sent(companyId, query.query(), documentId, this.clock.instant());
	}

	/**
	 * QuickBooks answered an import query: its objects go into the change set, and the cursor either waits for the
	 * next page or moves to the newest modification the iteration saw.
	 */
	@Transactional
	public void received(long companyId, String query, long documentId, String response) {
		Instant now = this.clock.instant();
		if (query.startsWith(CHECK_PREFIX)) {
			checked(companyId, query.substring(CHECK_PREFIX.length()), documentId, response, now);
			return;
		}
		ImportCursor cursor = this.cursors.lock(companyId, query).orElse(null);
		if (cursor == null || cursor.documentId() == null || cursor.documentId() != documentId) {
			log.warn("Ignored an import answer for {} of company {}: it is not the page that query waits for", query,
					companyId);
			return;
		}
		Page page = new Page(companyId, documentId);
		try {
			QbxmlResponseReader.read(new StringReader(response), page);
		}
		catch (RuntimeException ex) {
			this.cursors.failed(companyId, query, "QuickBooks' answer could not be read: " + ex.getMessage(), now, true);
			log.warn("Import {} of company {}: unreadable answer ({})", query, companyId, ex.getMessage());
			return;
		}
		this.changes.addAll(page.changes, now);
		LocalDateTime newest = max(cursor.iterationMax(), page.newest);
		QbResponseStatus status = page.status;
		if (status == null) {
			this.cursors.failed(companyId, query, "QuickBooks' answer held no response", now, true);
		}
		else if (status.statusCode() == 3391) {
			// The iterator is gone (QuickBooks restarted or the session changed): start over from the cursor.
			this.cursors.failed(companyId, query, status.statusMessage(), now, false);
			log.info("Import {} of company {}: iterator expired, starting again", query, companyId);
		}
		else if (status.isError()) {
			this.cursors.failed(companyId, query, status.statusCode() + ": " + status.statusMessage(), now, true);
			log.warn("Import {} of company {} failed with status {}", query, companyId, status.statusCode());
		}
		else if (status.hasMoreIterations()) {
			this.cursors.continuing(companyId, query, status.iteratorId(), newest);
			log.info("Import {} of company {}: {} object(s), {} more to come", query, companyId, page.changes.size(),
					status.iteratorRemainingCount());
		}
		else {
			this.cursors.completed(companyId, query, newest, now);
			log.info("Import {} of company {} complete: {} object(s) in the last page", query, companyId,
					page.changes.size());
		}
	}

	/**
	 * A lookup by id was answered: what QuickBooks returned goes into the change set like any import; an id it did not
	 * return is staged as deleted, so the scan flags the record whose link points at nothing.
	 */
	private void checked(long companyId, String objectType, long documentId, String response, Instant now) {
		List<String> asked = this.checks.inDocument(companyId, documentId);
		Page page = new Page(companyId, documentId);
		try {
			QbxmlResponseReader.read(new StringReader(response), page);
		}
		catch (RuntimeException ex) {
			this.checks.retryLater(companyId, documentId);
			log.warn("Link check of company {}: unreadable answer ({})", companyId, ex.getMessage());
			return;
		}
		if (page.status == null || (page.status.isError() && page.status.statusCode() != 500)) {
			this.checks.retryLater(companyId, documentId);
			log.warn("Link check of company {} failed with status {}", companyId,
					(page.status != null) ? page.status.statusCode() : "none");
			return;
		}
		java.util.Set<String> found = new java.util.HashSet<>();
		page.changes.forEach((c) -> found.add(c.qbId()));
		List<QuickBooksChange> missing = asked.stream()
			.filter((id) -> !found.contains(id))
			.map((id) -> new QuickBooksChange(0, companyId, objectType, id, "missing:" + documentId, true, null, null,
					null, documentId, null))
			.toList();
		this.changes.addAll(page.changes, now);
		this.changes.addAll(missing, now);
		this.checks.done(companyId, documentId);
		log.info("Link check of company {}: {} {} object(s) looked up, {} no longer in QuickBooks", companyId,
				asked.size(), objectType, missing.size());
	}

	private Duration interval() {
		// At least a minute apart, so a finished query is never asked again in the same session.
		return this.settings.interval().compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
				: this.settings.interval();
	}

	private boolean due(ImportCursor cursor, Instant now) {
		if (cursor.state() == ImportCursor.State.ITERATING) {
			return cursor.iteratorId() != null;
		}
		return cursor.completedAt() == null || !cursor.completedAt().plus(interval()).isAfter(now);
	}

	private PlannedQuery plan(ImportCursor cursor, QbxmlVersion version, Instant now) {
		RequestWriter writer = new RequestWriter(version, false);
		String requestId = "import-" + cursor.query();
		LocalDateTime from = (cursor.cursorLocal() != null) ? cursor.cursorLocal().minus(this.settings.overlap()) : null;
		QbxmlRequest request;
		if (cursor.query().equals(LIST_DELETED) || cursor.query().equals(TXN_DELETED)) {
			boolean lists = cursor.query().equals(LIST_DELETED);
			List<EntityType> types = Entities.all().stream().filter((t) -> t.isList() == lists).toList();
			LocalDateTime since = (from != null) ? from
					: LocalDateTime.ofInstant(now.minus(this.settings.deletedLookback()), ZoneOffset.UTC);
			request = writer.deletedQuery(types, requestId, since, null);
		}
		else {
			EntityType type = Entities.byName(cursor.query()).orElseThrow();
			Query query = Query.modified(from, null);
			query = type.isList() ? query.includingInactive() : query.withLineItems();
			if (type.iterator()) {
				query = (cursor.iteratorId() != null) ? query.startIterator(this.settings.pageSize())
					.continueIterator(cursor.iteratorId()) : query.startIterator(this.settings.pageSize());
			}
			request = writer.query(type, requestId, query);
		}
		return new PlannedQuery(cursor.query(), QbxmlMessage.render(version, List.of(request)), List.of());
	}

	private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
		return (a == null) ? b : (b == null || a.isAfter(b)) ? a : b;
	}

	/** An import request ready for the outbox; {@code ids} are the objects a lookup by id asks for. */
	public record PlannedQuery(String query, String document, List<String> ids) {

		public String source() {
			return SOURCE_PREFIX + this.query;
		}

	}

	/** Collects one answered page. */
	private static final class Page implements ResponseHandler {

		private final long companyId;

		private final long documentId;

		private final List<QuickBooksChange> changes = new ArrayList<>();

		private QbResponseStatus status;

		private LocalDateTime newest;

		Page(long companyId, long documentId) {
			this.companyId = companyId;
			this.documentId = documentId;
		}

		@Override
		public void onResponse(QbResponseStatus status) {
			this.status = status;
		}

		@Override
		public void onObject(QbResponseStatus status, QbObject object) {
			if (object.id() == null) {
				return;
			}
			see(object.timeModified());
			this.changes.add(QuickBooksChanges.of(this.companyId, object, this.documentId));
		}

		@Override
		public void onDeleted(QbResponseStatus status, DeletedObject deleted) {
			see(deleted.timeDeleted());
			String when = (deleted.timeDeleted() != null) ? deleted.timeDeleted().raw() : "";
			this.changes.add(new QuickBooksChange(0, this.companyId, deleted.type(), deleted.id(), "deleted:" + when,
					true, (deleted.fullName() != null) ? deleted.fullName() : deleted.refNumber(), when, null,
					this.documentId, null));
		}

		private void see(QbTimestamp time) {
			if (time != null && time.local() != null) {
				this.newest = max(this.newest, time.local());
			}
		}

	}

}
