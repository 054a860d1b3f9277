package io.qbsync.singleops;

import java.util.ArrayList;
import java.util.List;

import io.qbsync.company.CompanyService;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating, changing, deleting and reading a company's SingleOps records one at a time. Every accepted change is
 * journalled in the same transaction; a body equal to the stored one changes nothing.
 */
@Service
public class SingleOpsService {

	/** The largest record body (and bulk line) accepted, in bytes. */
	public static final int MAX_RECORD_BYTES = 1024 * 1024;

	private final CompanyService companies;

	private final SingleOpsRecords records;

	private final RecordWriter writer;

	private final TransactionTemplate transaction;

	private final QuickBooksObjects quickBooks;

	private final AddsInFlight adds;

	SingleOpsService(CompanyService companies, SingleOpsRecords records, RecordWriter writer,
			PlatformTransactionManager transactions, QuickBooksObjects quickBooks, AddsInFlight adds) {
		this.quickBooks = quickBooks;
		this.adds = adds;
		this.companies = companies;
		this.records = records;
		this.writer = writer;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** A stored record after a write, and whether the write created it or changed anything. */
	public record Written(StoredRecord record, boolean created, boolean changed) {
	}

	/** The record type named in a path, or 404 naming the valid ones. */
	public RecordType type(String path) {
		return RecordType.fromPath(path)
			.orElseThrow(() -> new NotFoundException("There are no SingleOps records of type '" + path
					+ "'. The types are: " + RecordType.paths() + "."));
	}

	/**
	 * Creates or updates a record from its JSON body. Every problem with the body is answered at once (400), records
	 * it names that do not exist with 422 when they are the only problem; nothing is written then.
	 */
	public Written put(long companyId, String typePath, String externalId, byte[] body) {
		return put(companyId, typePath, externalId, body, null);
	}

	/**
	 * {@link #put}, and with {@code linkTo} the record is linked to that QuickBooks object in the same transaction:
	 * how the host app creates a record it took from the changes-from-QuickBooks feed, so the record is not offered
	 * as an Add of something QuickBooks already has. The object must be in the company's QuickBooks change set, of the
	 * record's kind, not deleted, and not linked to another record.
	 */
	public Written put(long companyId, String typePath, String externalId, byte[] body, String linkTo) {
		RecordType type = type(typePath);
		this.companies.get(companyId);
		List<FieldProblem> problems = new ArrayList<>();
		String idProblem = ExternalIds.problem(externalId);
		if (idProblem != null) {
			problems.add(new FieldProblem("externalId", idProblem));
		}
		RecordBody parsed = null;
		try {
			JsonNode node = RecordJson.read(body, 0, body.length, "body");
			RecordParser.Parsed read = RecordParser.parse(type, node, "");
			parsed = read.body();
			problems.addAll(read.problems());
		}
		catch (RecordJson.Unreadable ex) {
			problems.add(ex.problem());
		}
		RecordWriter.Entry entry = new RecordWriter.Entry(type, (idProblem == null) ? externalId : null, parsed,
				problems);
		String link = (linkTo != null && !linkTo.isBlank()) ? linkTo.strip() : null;
		RecordWriter.Outcome outcome = this.transaction.execute((status) -> {
			String editSequence = (link != null) ? linkable(companyId, type, externalId, link) : null;
			RecordWriter.Outcome written = this.writer.write(companyId, List.of(entry), "").get(0);
			if (link != null && written.result() != RecordWriter.Result.REJECTED) {
				StoredRecord record = this.records.find(companyId, type, externalId).orElseThrow();
				this.records.setQuickBooksLink(companyId, record.id(),
						new QuickBooksLink(link, editSequence, record.updatedAt(), SyncState.SYNCED));
			}
			return written;
		});
		String what = RecordWriter.singular(type);
		if (outcome.result() == RecordWriter.Result.REJECTED) {
			if (outcome.onlyMissingReferences()) {
				throw new InvalidInputException(HttpStatus.UNPROCESSABLE_CONTENT, "The " + what + " '" + externalId
						+ "' was not stored: it names records this company does not have (see errors). Send those "
						+ "records first, then this one again.", outcome.problems());
			}
			throw new InvalidInputException("The " + what + " was not stored: fix the fields listed in errors and send "
					+ "it again.", outcome.problems());
		}
		StoredRecord stored = this.records.find(companyId, type, externalId).orElseThrow();
		return new Written(stored, outcome.result() == RecordWriter.Result.CREATED,
				outcome.result() != RecordWriter.Result.UNCHANGED);
	}

	/**
	 * The EditSequence of the QuickBooks object a record may be linked to: one of the record's kind in the company's
	 * QuickBooks change set, not deleted, not linked to another record. 400 naming {@code linkTo} otherwise.
	 */
	public String linkable(long companyId, RecordType type, String externalId, String qbId) {
		List<String> kinds = switch (type) {
			case CUSTOMERS -> List.of("Customer");
			case VENDORS -> List.of("Vendor");
			case ITEMS -> List.of("ItemService", "ItemNonInventory");
			case INVOICES -> List.of("Invoice");
			case PAYMENTS -> List.of("ReceivePayment");
		};
		java.util.Optional<QuickBooksObjects.ObjectVersion> latest = this.quickBooks.latest(companyId, qbId, kinds);
		java.util.Optional<StoredRecord> self = this.records.find(companyId, type, externalId);
		if (self.isPresent() && self.get().deleted()) {
			// linking would bring back a record the app deleted, and the feed entry that led here is the object's own
			throw new InvalidInputException(HttpStatus.CONFLICT, "The " + RecordWriter.singular(type) + " '"
					+ externalId + "' was deleted in this app and is not brought back by a link. To restore it, send "
					+ "it again without linkTo; for a new record from QuickBooks, use a new externalId.",
					List.of(new FieldProblem("externalId", "names a deleted record")));
		}
		String problem = null;
		if (latest.isEmpty()) {
			problem = "is not a QuickBooks " + String.join(" or ", kinds) + " qbsync has seen for this company";
		}
		else if (latest.get().deleted()) {
			problem = "was deleted in QuickBooks";
		}
		else {
			java.util.Optional<StoredRecord> other = this.records.findByQuickBooksId(companyId, type, qbId);
			if (other.isPresent() && !other.get().externalId().equals(externalId)) {
				problem = "is already linked to " + RecordWriter.singular(type) + " '" + other.get().externalId() + "'";
			}
		}
		boolean addInFlight = self.isPresent() && this.adds.addInFlight(companyId, self.get().id());
		if (problem == null && addInFlight) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "The " + RecordWriter.singular(type) + " was not "
					+ "stored: an Add of it may still reach QuickBooks (on its way, or being looked up), and linking it "
					+ "now could leave two. Send it again after the next Web Connector run.",
					List.of(new FieldProblem("linkTo", "an Add of this record is still on its way")));
		}
		if (problem != null) {
			throw new InvalidInputException("The " + RecordWriter.singular(type) + " was not stored: it cannot be "
					+ "linked to QuickBooks object " + qbId + ".", List.of(new FieldProblem("linkTo", problem)));
		}
		// the host took the record from a feed entry: it is linked at the version that entry carried, so a change of the
		// object read after the entry was published (a rename in QuickBooks) still reaches the record as a change;
		// linked at the latest version read, the scan would take that change for the record's own and drop it
		return this.quickBooks.offeredEditSequence(companyId, qbId).orElse(latest.get().editSequence());
	}

	/**
	 * Marks a record deleted (journalled as a DELETE); a record already deleted is left alone ({@code changed}
	 * false). 404 for a record never stored; 409 for one that other records still name.
	 */
	public Written delete(long companyId, String typePath, String externalId) {
		RecordType type = type(typePath);
		this.companies.get(companyId);
		Boolean changed = this.transaction.execute((status) -> this.writer.delete(companyId, type, externalId));
		return new Written(get(companyId, typePath, externalId), false, Boolean.TRUE.equals(changed));
	}

	public StoredRecord get(long companyId, String typePath, String externalId) {
		RecordType type = type(typePath);
		this.companies.get(companyId);
		return this.records.find(companyId, type, externalId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no "
					+ RecordWriter.singular(type) + " with externalId '" + externalId + "'."));
	}

	/** A page of records of one type, by internal id after {@code afterId}; {@code limit} is capped at 500. */
	public List<StoredRecord> list(long companyId, String typePath, long afterId, int limit, boolean includeDeleted) {
		RecordType type = type(typePath);
		this.companies.get(companyId);
		return this.records.list(companyId, type, afterId, Math.max(1, Math.min(limit, 500)), includeDeleted);
	}

}
