package io.qbsync.outbox;

import java.time.Clock;
import java.util.List;

import io.qbsync.company.CompanyService;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.system.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Putting qbXML documents into a company's outbox and reading them back. */
@Service
public class OutboxService {

	private static final Logger log = LoggerFactory.getLogger(OutboxService.class);

	private final Outbox outbox;

	private final CompanyService companies;

	private final Clock clock;

	OutboxService(Outbox outbox, CompanyService companies, Clock clock) {
		this.outbox = outbox;
		this.companies = companies;
		this.clock = clock;
	}

	/** Queues a raw qbXML request document for the company's next Web Connector session; answers its id. */
	@Transactional
	public long enqueue(long companyId, String qbxml, String source) {
		this.companies.get(companyId);
		QbxmlDocumentCheck.Result check = QbxmlDocumentCheck.check(qbxml);
		if (!check.problems().isEmpty()) {
			throw new InvalidInputException(
					"The document was not queued: it is not a qbXML request QuickBooks could read. See errors.",
					check.problems());
		}
		long id = this.outbox.add(companyId, source, check.version().toString(), qbxml, this.clock.instant());
		log.info("Queued outbox document {} for company {} (qbXML {})", id, companyId, check.version());
		return id;
	}

	/** Most documents one page of the list holds. */
	public static final int MAX_LIMIT = 500;

	/** A page of the company's documents after {@code afterId} (0: from the start), as summaries; 400 if out of range. */
	public List<OutboxDocumentSummary> list(long companyId, OutboxState state, long afterId, int limit) {
		new Validation().require(afterId >= 0, "after", "must be 0 (from the start) or the id of the last document "
				+ "of the previous page")
			.require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be 1 to " + MAX_LIMIT + " documents a page")
			.throwIfInvalid("The outbox page asked for does not exist; nothing was read.");
		this.companies.get(companyId);
		return this.outbox.list(companyId, state, afterId, limit);
	}

	public OutboxDocument get(long companyId, long id) {
		return this.outbox.find(companyId, id)
			.orElseThrow(() -> new NotFoundException(
					"Company " + companyId + " has no outbox document with id " + id + "."));
	}

}
