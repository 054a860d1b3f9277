package io.qbsync.wizard.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.singleops.Customer;
import io.qbsync.singleops.Invoice;
import io.qbsync.singleops.Item;
import io.qbsync.singleops.ItemType;
import io.qbsync.singleops.RecordBody;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.Vendor;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Finds the QuickBooks object an unlinked SingleOps record duplicates, so that it is linked instead of added again.
 * Only the latest version of each QuickBooks object in the company's change set counts: one whose latest version is
 * a deletion never matches, a renamed one matches by its new name only. Objects already linked to a (not deleted)
 * SingleOps record of the company are skipped. The rules:
 * <ul>
 * <li>customers (QuickBooks Customer) and vendors (Vendor): {@link MatchStrength#EXACT EXACT} by name, ignoring case
 * and surrounding or repeated whitespace (QuickBooks names are unique case-insensitively); else
 * {@link MatchStrength#WEAK WEAK} by email address (ignoring case) or phone number (digits only, at least
 * {@value #MIN_PHONE_DIGITS}); of several weak candidates the first by ListID, with how many there were.</li>
 * <li>items: EXACT by name within the item's own QuickBooks type (ItemService, ItemNonInventory); WEAK when the name
 * belongs to an item of the other type.</li>
 * <li>invoices (Invoice): EXACT when the RefNumber is the invoice's number and the QuickBooks customer is the one
 * the invoice's customer is linked to; WEAK when the number matches but the customer differs, or the invoice's
 * customer is not linked (or unknown) so the two cannot be compared. No number, no match.</li>
 * <li>payments: never matched (QuickBooks has nothing unique to compare them by), so always added.</li>
 * </ul>
 * Lookups go through indexed generated columns of quickbooks_changes (V10); the index narrows, and every row read is
 * checked again here, since the database collation is looser (it also ignores accents).
 */
@Service
public class DuplicateMatcher {

	/** The fewest digits a phone number needs to be compared (shorter ones say too little). */
	public static final int MIN_PHONE_DIGITS = 7;

	/** The most QuickBooks objects one lookup reads; a count that reaches it is reported as "or more". */
	static final int MAX_CANDIDATES = 50;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private static final String SERVICE = "ItemService";

	private static final String NON_INVENTORY = "ItemNonInventory";

	private final JdbcClient jdbc;

	private final SingleOpsRecords records;

	DuplicateMatcher(JdbcClient jdbc, SingleOpsRecords records) {
		this.jdbc = jdbc;
		this.records = records;
	}

	/**
	 * The QuickBooks object of company {@code companyId} that the record {@code body} (of {@code type}, not linked to
	 * QuickBooks yet) most likely is already, or empty when there is none (always for payments).
	 *
	 * @throws IllegalArgumentException when {@code body} is not a record of {@code type}
	 */
	public Optional<MatchCandidate> match(long companyId, RecordType type, RecordBody body) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(body, "body");
		if (body.recordType() != type) {
			throw new IllegalArgumentException("A " + body.getClass().getSimpleName() + " is not a record of type "
					+ type.path());
		}
		if (body instanceof Customer customer) {
			return matchParty(companyId, type, "Customer", "customers", customer.name(), customer.email(),
					customer.phone());
		}
		if (body instanceof Vendor vendor) {
			return matchParty(companyId, type, "Vendor", "vendors", vendor.name(), vendor.email(), vendor.phone());
		}
		if (body instanceof Item item) {
			return matchItem(companyId, item);
		}
		if (body instanceof Invoice invoice) {
			return matchInvoice(companyId, invoice);
		}
		return Optional.empty();
	}

	/**
	 * The QuickBooks object types {@link #match} compares a record of {@code type} with: when the company's change
	 * set holds none of them, {@link #match} finds nothing (always for payments).
	 */
	public static List<String> candidateTypes(RecordType type) {
		return switch (type) {
			case CUSTOMERS -> List.of("Customer");
			case VENDORS -> List.of("Vendor");
			case ITEMS -> List.of(SERVICE, NON_INVENTORY);
			case INVOICES -> List.of("Invoice");
			default -> List.of();
		};
	}

	private Optional<MatchCandidate> matchParty(long companyId, RecordType type, String qbType, String plural,
			String name, String email, String phone) {
		String wantedName = normalName(name);
		if (wantedName != null) {
			List<Row> exact = find(companyId, type, List.of(qbType), Key.NAME, wantedName).stream()
				.filter((row) -> wantedName.equalsIgnoreCase(row.name()))
				.toList();
			if (!exact.isEmpty()) {
				return Optional.of(exact.get(0)
					.candidate(MatchStrength.EXACT, "same name" + oneOf(exact.size(), false, plural, "with this name")));
			}
		}
		Map<String, Row> weak = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		Set<String> byEmail = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		Set<String> byPhone = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		boolean more = false;
		String wantedEmail = normalEmail(email);
		if (wantedEmail != null) {
			List<Row> rows = find(companyId, type, List.of(qbType), Key.EMAIL, wantedEmail);
			more |= rows.size() >= MAX_CANDIDATES;
			for (Row row : rows) {
				if (wantedEmail.equalsIgnoreCase(row.email())) {
					weak.putIfAbsent(row.qbId(), row);
					byEmail.add(row.qbId());
				}
			}
		}
		String wantedPhone = digits(phone);
		if (wantedPhone != null) {
			List<Row> rows = find(companyId, type, List.of(qbType), Key.PHONE, wantedPhone);
			more |= rows.size() >= MAX_CANDIDATES;
			for (Row row : rows) {
				if (wantedPhone.equals(row.phone())) {
					weak.putIfAbsent(row.qbId(), row);
					byPhone.add(row.qbId());
				}
			}
		}
		if (weak.isEmpty()) {
			return Optional.empty();
		}
		Row first = weak.values().iterator().next();
		boolean sameEmail = byEmail.contains(first.qbId());
		boolean samePhone = byPhone.contains(first.qbId());
		String reason = (sameEmail && samePhone) ? "same email address and phone number"
				: sameEmail ? "same email address" : "same phone number";
		return Optional.of(first.candidate(MatchStrength.WEAK,
				reason + oneOf(weak.size(), more, plural, "that match by email address or phone number")));
	}

	private Optional<MatchCandidate> matchItem(long companyId, Item item) {
		String wantedName = normalName(item.name());
		if (wantedName == null || item.type() == null) {
			return Optional.empty();
		}
		String own = (item.type() == ItemType.SERVICE) ? SERVICE : NON_INVENTORY;
		List<Row> rows = find(companyId, RecordType.ITEMS, List.of(SERVICE, NON_INVENTORY), Key.NAME, wantedName)
			.stream()
			.filter((row) -> wantedName.equalsIgnoreCase(row.name()))
			.toList();
		List<Row> exact = rows.stream().filter((row) -> row.objectType().equals(own)).toList();
		if (!exact.isEmpty()) {
			return Optional.of(exact.get(0)
				.candidate(MatchStrength.EXACT, "same name" + oneOf(exact.size(), false, "items", "with this name")));
		}
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		Row other = rows.get(0);
		String what = other.objectType().equals(SERVICE) ? "a service item" : "a non-inventory item";
		return Optional.of(other.candidate(MatchStrength.WEAK, "same name, but " + what + " in QuickBooks"));
	}

	private Optional<MatchCandidate> matchInvoice(long companyId, Invoice invoice) {
		String number = normalName(invoice.number());
		if (number == null) {
			return Optional.empty();
		}
		List<Row> rows = find(companyId, RecordType.INVOICES, List.of("Invoice"), Key.NAME, number).stream()
			.filter((row) -> number.equalsIgnoreCase(row.name()))
			.toList();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		boolean more = rows.size() >= MAX_CANDIDATES;
		Optional<StoredRecord> customer = (invoice.customer() != null)
				? this.records.find(companyId, RecordType.CUSTOMERS, invoice.customer()) : Optional.empty();
		String customerQbId = customer.map((c) -> c.quickBooks().id()).orElse(null);
		if (customerQbId != null) {
			List<Row> exact = rows.stream().filter((row) -> customerQbId.equals(row.customerListId())).toList();
			if (!exact.isEmpty()) {
				return Optional.of(exact.get(0).candidate(MatchStrength.EXACT, "same invoice number and customer"
						+ oneOf(exact.size(), more, "invoices", "with this number for this customer")));
			}
			Row first = rows.get(0);
			return Optional.of(first.candidate(MatchStrength.WEAK, "same invoice number, different customer"
					+ forCustomer(first) + oneOf(rows.size(), more, "invoices", "with this number")));
		}
		String customerName = customer.map(StoredRecord::body)
			.filter(Customer.class::isInstance)
			.map((body) -> normalName(((Customer) body).name()))
			.orElse(null);
		String unlinked = customer.isPresent() ? "the invoice's customer is not linked to QuickBooks yet"
				: "the invoice's customer is not known";
		if (customerName != null) {
			Optional<Row> sameName = rows.stream()
				.filter((row) -> customerName.equalsIgnoreCase(normalName(row.customerFullName())))
				.findFirst();
			if (sameName.isPresent()) {
				return Optional.of(sameName.get()
					.candidate(MatchStrength.WEAK, "same invoice number and customer name, but " + unlinked
							+ oneOf(rows.size(), more, "invoices", "with this number")));
			}
		}
		Row first = rows.get(0);
		return Optional.of(first.candidate(MatchStrength.WEAK, "same invoice number, but " + unlinked
				+ ", so the customers could not be compared" + forCustomer(first)
				+ oneOf(rows.size(), more, "invoices", "with this number")));
	}

	private static String forCustomer(Row row) {
		return (row.customerFullName() != null) ? " (in QuickBooks it is for " + row.customerFullName() + ")" : "";
	}

	/** {@code "; one of 3 QuickBooks customers with this name"} when there were several, else nothing. */
	private static String oneOf(int count, boolean more, String plural, String how) {
		if (count <= 1 && !more) {
			return "";
		}
		return "; one of " + count + (more ? " or more" : "") + " QuickBooks " + plural + " " + how;
	}

	/** What a lookup compares: each an indexed generated column of quickbooks_changes (V10). */
	private enum Key {

		NAME("match_name"), EMAIL("match_email"), PHONE("match_phone");

		final String sql;

		Key(String column) {
			this.sql = CANDIDATES.formatted(column);
		}

	}

	/**
	 * The latest, not deleted, unlinked versions of the company's QuickBooks objects of the given types whose key
	 * column equals {@code value} (by the column's collation), first by ListID/TxnID.
	 */
	private static final String CANDIDATES = """
			SELECT c.qb_id, c.object_type, c.display_name, c.edit_sequence, c.match_name, c.match_email, c.match_phone,
				IF(c.object_type = 'Invoice', JSON_VALUE(c.data, '$.fields."CustomerRef/ListID"'), NULL) AS customer_id,
				IF(c.object_type = 'Invoice', JSON_VALUE(c.data, '$.fields."CustomerRef/FullName"'), NULL) AS customer_name
			FROM quickbooks_changes c
			WHERE c.company_id = :company AND c.object_type IN (:types) AND c.%s = :value AND c.deleted = FALSE
				AND NOT EXISTS (SELECT 1 FROM quickbooks_changes later
					WHERE later.company_id = c.company_id AND later.qb_id = c.qb_id
						AND later.object_type = c.object_type AND later.id > c.id)
				AND NOT EXISTS (SELECT 1 FROM singleops_records r
					WHERE r.company_id = c.company_id AND r.qb_id = c.qb_id AND r.record_type = :recordType
						AND r.deleted = FALSE)
			ORDER BY c.qb_id
			LIMIT :limit
			""";

	private static final RowMapper<Row> ROW = (rs, row) -> new Row(rs.getString("qb_id"), rs.getString("object_type"),
			rs.getString("display_name"), rs.getString("edit_sequence"), rs.getString("match_name"),
			rs.getString("match_email"), rs.getString("match_phone"), rs.getString("customer_id"),
			rs.getString("customer_name"));

	private List<Row> find(long companyId, RecordType linkedAs, List<String> qbTypes, Key key, String value) {
		return new ArrayList<>(this.jdbc.sql(key.sql)
			.param("company", companyId)
			.param("types", qbTypes)
			.param("value", value)
			.param("recordType", linkedAs.name())
			.param("limit", MAX_CANDIDATES)
			.query(ROW)
			.list());
	}

	/** A QuickBooks object version read for matching, with its comparison keys. */
	private record Row(String qbId, String objectType, String displayName, String editSequence, String name,
			String email, String phone, String customerListId, String customerFullName) {

		MatchCandidate candidate(MatchStrength strength, String reason) {
			return new MatchCandidate(this.qbId, this.objectType, this.displayName, this.editSequence, strength,
					reason);
		}

	}

	/**
	 * A name (or invoice number) as compared: typographic characters made plain as QuickBooks stores them, whitespace
	 * runs made one space, trimmed; null when nothing is left.
	 */
	static String normalName(String text) {
		if (text == null) {
			return null;
		}
		// as an Add would send it: "O’Brien" in the app is "O'Brien" in QuickBooks
		String normal = trimSpaces(WHITESPACE.matcher(RequestWriter.plain(text)).replaceAll(" "));
		return normal.isEmpty() ? null : normal;
	}

	/**
	 * What a record is matched by, as compared ignoring case (customers, vendors and items by name, invoices by
	 * number), or null for a record that is never matched by name.
	 */
	public static String nameKey(RecordBody body) {
		String name = (body instanceof Customer c) ? c.name() : (body instanceof Vendor v) ? v.name()
				: (body instanceof Item i) ? i.name() : (body instanceof Invoice inv) ? inv.number() : null;
		return nameKey(name);
	}

	/** A name (or invoice number) as {@link #nameKey(RecordBody)} compares it. */
	public static String nameKey(String name) {
		String normal = normalName(name);
		return (normal != null) ? normal.toLowerCase(java.util.Locale.ROOT) : null;
	}

	/** An email address as compared: trimmed, null when blank or longer than the indexed 255 characters. */
	static String normalEmail(String text) {
		if (text == null) {
			return null;
		}
		String normal = trimSpaces(text);
		return (normal.isEmpty() || normal.length() > 255) ? null : normal;
	}

	/** Without leading and trailing spaces (only U+0020, as MariaDB's TRIM). */
	private static String trimSpaces(String text) {
		int from = 0;
		int to = text.length();
		while (from < to && text.charAt(from) == ' ') {
			from++;
		}
		while (to > from && text.charAt(to - 1) == ' ') {
			to--;
		}
		return text.substring(from, to);
	}

	/** The digits of a phone number, or null when it has fewer than {@value #MIN_PHONE_DIGITS}. */
	static String digits(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		return (digits.length() >= MIN_PHONE_DIGITS && digits.length() <= 32) ? digits.toString() : null;
	}

}
