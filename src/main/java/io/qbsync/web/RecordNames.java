package io.qbsync.web;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.singleops.Customer;
import io.qbsync.singleops.Invoice;
import io.qbsync.singleops.InvoiceLine;
import io.qbsync.singleops.Item;
import io.qbsync.singleops.Payment;
import io.qbsync.singleops.RecordBody;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.Vendor;

import org.springframework.stereotype.Component;

/**
 * Names and amounts of field-service records as a person reads them ("customer Henderson, Mark", "invoice 1001 to
 * Henderson, Mark, 2026-11-03, total 1,250.00"), read from the stored record bodies with two queries for a whole page:
 * the records, and the records they name.
 */
@Component
public class RecordNames {

	/** The first {@code type "name"} in an item summary: {@code Add customer "Oak Hill" to QuickBooks}. */
	private static final Pattern LABEL = Pattern
		.compile("(?:^|\\s)(sales tax item|payment terms|[a-z]+) \"([^\"]*)\"");

	private final SingleOpsRecords records;

	RecordNames(SingleOpsRecords records) {
		this.records = records;
	}

	/** The records with these ids (nulls are skipped) and the records they name. */
	Names of(long companyId, Collection<Long> recordIds) {
		Set<Long> ids = new LinkedHashSet<>();
		recordIds.stream().filter(Objects::nonNull).forEach(ids::add);
		Map<Long, StoredRecord> byId = new HashMap<>();
		this.records.findAllById(companyId, ids).forEach((r) -> byId.put(r.id(), r));
		return new Names(byId, this.records.parentsOf(companyId, ids));
	}

	/** "customer Oak Hill" from an item summary such as {@code Add customer "Oak Hill" to QuickBooks}. */
	static String fromSummary(String summary) {
		if (summary == null) {
			return "";
		}
		Matcher m = LABEL.matcher(summary);
		return m.find() ? m.group(1) + " " + m.group(2) : summary;
	}

	/** "Customer Oak Hill" for the start of a sentence. */
	static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** The name in quotes in an item summary ({@code Oak Hill}), or the summary when it quotes none. */
	static String quoted(String summary) {
		if (summary == null) {
			return "";
		}
		Matcher m = LABEL.matcher(summary);
		return m.find() ? m.group(2) : summary;
	}

	/** The records of one page, with what they name. */
	public static final class Names {

		private final Map<Long, StoredRecord> records;

		private final Map<Long, List<StoredRecord>> parents;

		Names(Map<Long, StoredRecord> records, Map<Long, List<StoredRecord>> parents) {
			this.records = records;
			this.parents = parents;
		}

		/** "customer Henderson, Mark", "invoice 1001", "payment of 250.00 from Oak Hill"; null for an unknown id. */
		public String name(Long recordId) {
			StoredRecord record = (recordId != null) ? this.records.get(recordId) : null;
			if (record == null) {
				return null;
			}
			if (body(record) instanceof Payment payment) {
				return "payment of " + money(payment.amount()) + " from " + customer(record, payment.customer());
			}
			return label(record) + " " + title(record);
		}

		/** What QuickBooks knows the record by: the invoice number or the customer's name; null for an unknown id. */
		public String title(Long recordId) {
			StoredRecord record = (recordId != null) ? this.records.get(recordId) : null;
			return (record != null) ? title(record) : null;
		}

		/** The name in quotes in an item summary, for items without a field-service record. */
		public String quoted(String summary) {
			return RecordNames.quoted(summary);
		}

		/** The name with what a person checks it by: "invoice 1001 to Henderson, Mark, 2026-11-03, total 1,250.00". */
		public String full(Long recordId) {
			String name = name(recordId);
			StoredRecord record = (name != null) ? this.records.get(recordId) : null;
			RecordBody body = (record != null) ? body(record) : null;
			if (body instanceof Invoice) {
				return name + " " + details(recordId);
			}
			if (body instanceof Payment payment) {
				return name + ", " + date(payment.date());
			}
			return name;
		}

		/**
		 * What a person checks an invoice or a payment by: "to Henderson, Mark, 2026-11-03, total 1,250.00"; null for
		 * other records.
		 */
		public String details(Long recordId) {
			StoredRecord record = (recordId != null) ? this.records.get(recordId) : null;
			RecordBody body = (record != null) ? body(record) : null;
			if (body instanceof Invoice invoice) {
				return "to " + customer(record, invoice.customer()) + ", " + date(invoice.date()) + ", total "
						+ money(total(invoice));
			}
			if (body instanceof Payment payment) {
				return "from " + customer(record, payment.customer()) + ", " + date(payment.date()) + ", amount "
						+ money(payment.amount());
			}
			return null;
		}

		/** The records this one names that are not in QuickBooks yet, by name: what it is blocked by. */
		public List<String> waitingParents(Long recordId) {
			return waitingParentRecords(recordId).stream().map(this::nameOf).toList();
		}

		/** The records this one names that are not in QuickBooks yet. */
		public List<StoredRecord> waitingParentRecords(Long recordId) {
			return this.parents.getOrDefault(recordId, List.of())
				.stream()
				.filter((p) -> p.quickBooks().id() == null)
				.toList();
		}

		/** "customer Henderson, Mark". */
		public String nameOf(StoredRecord record) {
			return label(record) + " " + title(record);
		}

		/** "field-service id C-1" (and the QuickBooks id when there is one), for hover text. */
		public String ids(Long recordId, String qbId) {
			StoredRecord record = (recordId != null) ? this.records.get(recordId) : null;
			String ours = (record != null) ? "field-service id " + record.externalId() : "";
			String theirs = (qbId != null) ? "QuickBooks id " + qbId : "";
			return (ours + ((!ours.isEmpty() && !theirs.isEmpty()) ? ", " : "") + theirs);
		}

		private String customer(StoredRecord record, String externalId) {
			if (externalId == null) {
				return "no customer";
			}
			return this.parents.getOrDefault(record.id(), List.of())
				.stream()
				.filter((p) -> p.type() == RecordType.CUSTOMERS && externalId.equals(p.externalId()))
				.findFirst()
				.map(Names::title)
				.orElse(externalId);
		}

		private static String label(StoredRecord record) {
			return switch (record.type()) {
				case CUSTOMERS -> "customer";
				case VENDORS -> "vendor";
				case ITEMS -> "item";
				case INVOICES -> "invoice";
				case PAYMENTS -> "payment";
			};
		}

		private static String title(StoredRecord record) {
			RecordBody body = body(record);
			String title = null;
			if (body instanceof Customer c) {
				title = c.name();
			}
			else if (body instanceof Vendor v) {
				title = v.name();
			}
			else if (body instanceof Item i) {
				title = i.name();
			}
			else if (body instanceof Invoice i) {
				title = i.number();
			}
			return (title != null && !title.isBlank()) ? title : record.externalId();
		}

		private static RecordBody body(StoredRecord record) {
			try {
				return record.body();
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		private static BigDecimal total(Invoice invoice) {
			BigDecimal total = BigDecimal.ZERO;
			for (InvoiceLine line : invoice.lines()) {
				if (line.rate() != null) {
					total = total.add(line.rate().multiply((line.quantity() != null) ? line.quantity() : BigDecimal.ONE));
				}
			}
			return total;
		}

		private static String money(BigDecimal amount) {
			return (amount != null) ? String.format(java.util.Locale.US, "%,.2f", amount) : "no amount";
		}

		private static String date(java.time.LocalDate date) {
			return (date != null) ? date.toString() : "no date";
		}

	}

}
