package io.qbsync.singleops;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.qbsync.system.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Reads a record body (a JSON tree) into its typed record, collecting every problem instead of stopping at the first:
 * required fields, types, decimals, dates, externalIds, sizes, and fields the type does not have (refused, so that a
 * typo is not silently dropped). QuickBooks' own limits (lengths, Latin-1) are not applied here: the sync does.
 * <p>
 * Over 400 lines on purpose: one small reader per record type, all on the same field-reading helper.
 */
final class RecordParser {

	/** The most lines an invoice (or applications a payment) may have. */
	static final int MAX_LINES = 1000;

	/** Amounts (money) have at most this many decimals; quantities and rates at most {@link #PRECISE_SCALE}. */
	static final int MONEY_SCALE = 2;

	static final int PRECISE_SCALE = 5;

	/** Digits allowed before the decimal point. */
	static final int MAX_INTEGER_DIGITS = 13;

	private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

	private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private static final List<String> PARTY_FIELDS = List.of("name", "companyName", "firstName", "lastName", "email",
			"phone", "billingAddress", "active");

	private static final List<String> ADDRESS_FIELDS = List.of("line1", "line2", "city", "state", "postalCode",
			"country");

	/** A body read as far as it could be: the typed record (bad fields left out) and every problem found. */
	record Parsed(RecordBody body, List<FieldProblem> problems) {

		boolean valid() {
			return this.problems.isEmpty();
		}

	}

	private RecordParser() {
	}

	/**
	 * Reads {@code node} as a record of {@code type}. Problems name fields by their path under {@code prefix} (empty
	 * for a PUT body, {@code record} for a bulk line): {@code lines[2].quantity}, {@code record.name}.
	 */
	static Parsed parse(RecordType type, JsonNode node, String prefix) {
		List<FieldProblem> problems = new ArrayList<>();
		if (node == null || !node.isObject()) {
			problems.add(new FieldProblem(prefix.isEmpty() ? "body" : prefix,
					"must be a JSON object with the fields of " + article(type)));
			return new Parsed(null, problems);
		}
		In in = new In(node, prefix, problems);
		RecordBody body = switch (type) {
			case CUSTOMERS -> customer(in);
			case VENDORS -> vendor(in);
			case ITEMS -> item(in);
			case INVOICES -> invoice(in);
			case PAYMENTS -> payment(in);
		};
		return new Parsed(body, problems);
	}

	private static Customer customer(In in) {
		in.known("a customer", concat(PARTY_FIELDS, "notes"));
		return new Customer(in.requiredText("name", "the customer's name as the office knows it"),
				in.text("companyName"), in.text("firstName"), in.text("lastName"), in.text("email"), in.text("phone"),
				address(in.object("billingAddress")), in.bool("active"), in.text("notes"));
	}

	private static Vendor vendor(In in) {
		in.known("a vendor", PARTY_FIELDS);
		return new Vendor(in.requiredText("name", "the vendor's name as the office knows it"), in.text("companyName"),
				in.text("firstName"), in.text("lastName"), in.text("email"), in.text("phone"),
				address(in.object("billingAddress")), in.bool("active"));
	}

	private static Address address(In in) {
		if (in == null) {
			return null;
		}
		in.known("an address", ADDRESS_FIELDS);
		Address address = new Address(in.text("line1"), in.text("line2"), in.text("city"), in.text("state"),
				in.text("postalCode"), in.text("country"));
		return address.equals(new Address(null, null, null, null, null, null)) ? null : address;
	}

	private static Item item(In in) {
		in.known("an item", List.of("name", "type", "description", "rate", "incomeAccount", "active"));
		return new Item(in.requiredText("name", "the item's name"), in.choice("type", ItemType.class, true),
				in.text("description"), in.decimal("rate", PRECISE_SCALE, false, true), in.text("incomeAccount"),
				in.bool("active"));
	}

	private static Invoice invoice(In in) {
		in.known("an invoice", List.of("number", "customer", "date", "dueDate", "memo", "lines"));
		String customer = in.ref("customer", true);
		LocalDate date = in.date("date", true);
		List<InvoiceLine> lines = new ArrayList<>();
		List<In> lineInputs = in.array("lines", true);
		for (In line : lineInputs) {
			line.known("an invoice line", List.of("item", "description", "quantity", "rate"));
			InvoiceLine read = new InvoiceLine(line.ref("item", false), line.text("description"),
					line.decimal("quantity", PRECISE_SCALE, false, true), line.decimal("rate", PRECISE_SCALE, false, true));
			if (!line.hasAny("item") && !line.hasAny("description")) {
				line.problem("", "needs an item (or, for a text-only line, a description)");
			}
			lines.add(read);
		}
		if (!lineInputs.isEmpty() && lineInputs.stream().noneMatch((line) -> line.hasAny("item"))) {
			in.problem("lines", "must include at least one line with an item");
		}
		return new Invoice(in.text("number"), customer, date, in.date("dueDate", false), in.text("memo"), lines);
	}

	private static Payment payment(In in) {
		in.known("a payment", List.of("customer", "date", "amount", "method", "reference", "memo", "appliedTo"));
		String customer = in.ref("customer", true);
		LocalDate date = in.date("date", true);
		BigDecimal amount = in.decimal("amount", MONEY_SCALE, true, false);
		List<AppliedTo> applied = new ArrayList<>();
		Set<String> invoices = new HashSet<>();
		BigDecimal total = BigDecimal.ZERO;
		boolean totalKnown = true;
		for (In application : in.array("appliedTo", false)) {
			application.known("a payment application", List.of("invoice", "amount"));
			AppliedTo read = new AppliedTo(application.ref("invoice", true),
					application.decimal("amount", MONEY_SCALE, true, false));
			if (read.invoice() != null && !invoices.add(read.invoice())) {
				application.problem("invoice", "names invoice '" + read.invoice() + "' a second time: apply to each "
						+ "invoice once");
			}
			if (read.amount() != null) {
				total = total.add(read.amount());
			}
			else {
				totalKnown = false;
			}
			applied.add(read);
		}
		if (amount != null && totalKnown && total.compareTo(amount) > 0) {
			in.problem("appliedTo", "apply " + total.toPlainString() + " in all, more than the payment's amount "
					+ amount.toPlainString());
		}
		return new Payment(customer, date, amount, in.text("method"), in.text("reference"), in.text("memo"), applied);
	}

	private static List<String> concat(List<String> names, String... more) {
		List<String> all = new ArrayList<>(names);
		all.addAll(Arrays.asList(more));
		return all;
	}

	static String article(RecordType type) {
		return switch (type) {
			case CUSTOMERS -> "a customer";
			case VENDORS -> "a vendor";
			case ITEMS -> "an item";
			case INVOICES -> "an invoice";
			case PAYMENTS -> "a payment";
		};
	}

	/** One JSON object being read, at a path, adding its problems to the shared list. */
	private static final class In {

		private final JsonNode node;

		private final String path;

		private final List<FieldProblem> problems;

		In(JsonNode node, String path, List<FieldProblem> problems) {
			this.node = node;
			this.path = path;
			this.problems = problems;
		}

		String field(String name) {
			if (name.isEmpty()) {
				return this.path;
			}
			return this.path.isEmpty() ? name : this.path + "." + name;
		}

		void problem(String name, String message) {
			this.problems.add(new FieldProblem(field(name), message));
		}

		/** Refuses fields the object does not have, naming the ones it has. */
		void known(String what, List<String> names) {
			Set<String> allowed = new LinkedHashSet<>(names);
			for (String name : this.node.propertyNames()) {
				if (!allowed.contains(name)) {
					problem(name, "is not a field of " + what + " (its fields are "
							+ allowed.stream().collect(Collectors.joining(", ")) + ")");
				}
			}
		}

		private JsonNode value(String name) {
			JsonNode value = this.node.get(name);
			return (value == null || value.isNull()) ? null : value;
		}

		boolean hasAny(String name) {
			JsonNode value = value(name);
			return value != null && !(value.isString() && value.stringValue().isEmpty());
		}

		/** Optional text; an empty string counts as absent. */
		String text(String name) {
			JsonNode value = value(name);
			if (value == null) {
				return null;
			}
			if (!value.isString()) {
				problem(name, "must be text (a JSON string)");
				return null;
			}
			return value.stringValue().isEmpty() ? null : value.stringValue();
		}

		String requiredText(String name, String what) {
			JsonNode value = value(name);
			if (value == null || (value.isString() && value.stringValue().isBlank())) {
				problem(name, "is required: " + what);
				return null;
			}
			return text(name);
		}

		Boolean bool(String name) {
			JsonNode value = value(name);
			if (value == null) {
				return null;
			}
			if (!value.isBoolean()) {
				problem(name, "must be true or false");
				return null;
			}
			return value.booleanValue();
		}

		<E extends Enum<E>> E choice(String name, Class<E> type, boolean required) {
			String choices = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
			JsonNode value = value(name);
			if (value == null) {
				if (required) {
					problem(name, "is required: one of " + choices);
				}
				return null;
			}
			for (E constant : type.getEnumConstants()) {
				if (value.isString() && constant.name().equals(value.stringValue())) {
					return constant;
				}
			}
			problem(name, "must be one of " + choices);
			return null;
		}

		LocalDate date(String name, boolean required) {
			JsonNode value = value(name);
			if (value == null || (value.isString() && value.stringValue().isEmpty())) {
				if (required) {
					problem(name, "is required: an ISO date such as 2025-04-30");
				}
				return null;
			}
			if (value.isString() && ISO_DATE.matcher(value.stringValue()).matches()) {
				try {
					return LocalDate.parse(value.stringValue(), DateTimeFormatter.ISO_LOCAL_DATE);
				}
				catch (DateTimeParseException ex) {
					// reported below
				}
			}
			problem(name, "must be an ISO date (YYYY-MM-DD) such as 2025-04-30");
			return null;
		}

		/**
		 * A decimal number, sent as a JSON number or a string: at most {@code scale} decimals and
		 * {@value #MAX_INTEGER_DIGITS} digits before the point. Money comes back with exactly two decimals, other
		 * values without trailing zeros.
		 */
		BigDecimal decimal(String name, int scale, boolean required, boolean negativeAllowed) {
			JsonNode value = value(name);
			if (value == null || (value.isString() && value.stringValue().isEmpty())) {
				if (required) {
					problem(name, "is required: a decimal number such as 125.50");
				}
				return null;
			}
			BigDecimal number = null;
			if (value.isNumber()) {
				number = value.decimalValue();
			}
			else if (value.isString() && DECIMAL.matcher(value.stringValue()).matches()
					&& value.stringValue().length() <= 100) {
				number = new BigDecimal(value.stringValue());
			}
			if (number == null) {
				problem(name, "must be a decimal number such as 125.50 (a JSON number or a string of digits with an "
						+ "optional . and sign)");
				return null;
			}
			BigDecimal stripped = number.stripTrailingZeros();
			if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
				problem(name, "is too large: at most " + MAX_INTEGER_DIGITS + " digits before the decimal point");
				return null;
			}
			if (stripped.scale() > scale) {
				problem(name, "has more than " + scale + " decimal places");
				return null;
			}
			if (!negativeAllowed && stripped.signum() < 0) {
				problem(name, "must not be negative");
				return null;
			}
			if (scale == MONEY_SCALE) {
				return stripped.setScale(MONEY_SCALE);
			}
			return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
		}

		/** An externalId naming another record; whether that record exists is checked against the store later. */
		String ref(String name, boolean required) {
			JsonNode value = value(name);
			if (value == null || (value.isString() && value.stringValue().isEmpty())) {
				if (required) {
					problem(name, "is required: the externalId of the record it names");
				}
				return null;
			}
			if (!value.isString()) {
				problem(name, "must be an externalId (a JSON string)");
				return null;
			}
			String problem = ExternalIds.problem(value.stringValue());
			if (problem != null) {
				problem(name, problem);
				return null;
			}
			return value.stringValue();
		}

		/** A nested object, or null when absent (or not an object, which is reported). */
		In object(String name) {
			JsonNode value = value(name);
			if (value == null) {
				return null;
			}
			if (!value.isObject()) {
				problem(name, "must be a JSON object");
				return null;
			}
			return new In(value, field(name), this.problems);
		}

		/** The objects of an array field; problems for a missing (when required), oversized or non-object one. */
		List<In> array(String name, boolean required) {
			JsonNode value = value(name);
			if (value == null || (value.isArray() && value.isEmpty())) {
				if (required) {
					problem(name, "is required: at least one entry");
				}
				return List.of();
			}
			if (!value.isArray()) {
				problem(name, "must be a JSON array");
				return List.of();
			}
			if (value.size() > MAX_LINES) {
				problem(name, "has " + value.size() + " entries, more than the " + MAX_LINES + " allowed");
				return List.of();
			}
			List<In> elements = new ArrayList<>();
			for (int i = 0; i < value.size(); i++) {
				String path = field(name) + "[" + i + "]";
				if (!value.get(i).isObject()) {
					this.problems.add(new FieldProblem(path, "must be a JSON object"));
					continue;
				}
				elements.add(new In(value.get(i), path, this.problems));
			}
			return elements;
		}

	}

}
