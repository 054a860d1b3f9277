package io.qbsync.qbxml.request;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.qbxml.request.FieldIssue.Rule;
import io.qbsync.qbxml.request.FieldIssue.Severity;

/**
 * Checks one value against QuickBooks' rules for its field and writes it the way qbXML wants it. A broken rule gives
 * a {@link FieldIssue} that names the record, the field, the limit and the value; nothing is shortened unless the
 * company allows truncation.
 */
final class FieldRules {

	private static final Pattern GUID = Pattern
		.compile("\\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}}");

	private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

	/**
	 * The value as written: {@code child} is null for a plain element, or ListID / FullName inside a reference.
	 */
	record Checked(String child, String text, List<FieldIssue> issues) {

		boolean written() {
			return this.text != null;
		}

	}

	private FieldRules() {
	}

	static Checked check(String record, Field field, Object value, boolean truncate) {
		Problems problems = new Problems(record, field, value);
		return switch (field.kind()) {
			case TEXT -> text(problems, field, String.valueOf(value), truncate, null);
			case BOOLEAN -> bool(problems, value);
			case AMOUNT -> number(problems, value, 13, 2, true);
			case PRICE, QUANTITY, PERCENT -> number(problems, value, 10, 5, false);
			case INTEGER -> integer(problems, value);
			case DATE -> date(problems, value);
			case REF -> ref(problems, field, value, truncate);
			case ID -> id(problems, String.valueOf(value));
			case GUID -> guid(problems, value);
		};
	}

	/** The issue for a required field that has no value. */
	static FieldIssue missing(String record, Field field) {
		return new FieldIssue(record, field.name(), Rule.REQUIRED, null, null, Severity.ERROR,
				capitalize(record) + ": the " + field.label() + " is missing, and QuickBooks needs it.");
	}

	private static Checked text(Problems p, Field field, String value, boolean truncate, String child) {
		Latin1Text.Result clean = Latin1Text.clean(value, field.multiline());
		if (!clean.unmappable().isEmpty()) {
			return p.error(Rule.CHARACTERS, "Latin-1 characters",
					"the " + field.label() + " contains " + clean.unmappableList()
							+ ", which QuickBooks cannot store. Replace or remove "
							+ ((clean.unmappable().size() == 1) ? "it" : "them") + ".");
		}
		if (clean.lineBreak()) {
			return p.error(Rule.CHARACTERS, "one line",
					"the " + field.label() + " has a line break, but QuickBooks keeps it on one line. Remove the line break.");
		}
		String text = clean.text();
		int max = field.maxLength();
		if (max > 0 && text.length() > max) {
			if (!truncate) {
				return p.error(Rule.TOO_LONG, max + " characters",
						"the " + field.label() + " is " + text.length() + " characters long, but QuickBooks keeps at most "
								+ max + ". Shorten it, or allow truncation for this company.");
			}
			String cut = text.substring(0, max);
			return new Checked(child, cut, List.of(p.issue(Rule.TRUNCATED, max + " characters", Severity.WARNING,
					"the " + field.label() + " was shortened to " + max + " characters for QuickBooks: \"" + cut + "\".")));
		}
		return new Checked(child, text, List.of());
	}

	private static Checked bool(Problems p, Object value) {
		if (value instanceof Boolean b) {
			return p.ok(b.toString());
		}
		String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
		return (text.equals("true") || text.equals("false")) ? p.ok(text)
				: p.error(Rule.FORMAT, "true or false", "the " + p.field.label() + " must be true or false.");
	}

	private static Checked number(Problems p, Object value, int integerDigits, int decimals, boolean money) {
		BigDecimal number = decimal(value);
		String example = money ? "1250.00" : "12.5";
		if (number == null) {
			return p.error(Rule.FORMAT, integerDigits + " digits and " + decimals + " decimals",
					"the " + p.field.label() + " is not a number QuickBooks reads. Use digits with a point for decimals, "
							+ "without thousands separators or currency signs (for example " + example + ").");
		}
		BigDecimal plain = number.stripTrailingZeros();
		int scale = Math.max(plain.scale(), 0);
		int digits = plain.precision() - plain.scale();
		if (scale > decimals) {
			return p.error(Rule.FORMAT, decimals + " decimals", "the " + p.field.label() + " has " + scale
					+ " decimal places, but QuickBooks takes at most " + decimals + ". Round it first.");
		}
		if (digits > integerDigits) {
			return p.error(Rule.FORMAT, integerDigits + " digits",
					"the " + p.field.label() + " is too large for QuickBooks (at most " + integerDigits
							+ " digits before the point).");
		}
		return p.ok(money ? number.setScale(2).toPlainString()
				: (scale == 0) ? plain.setScale(0).toPlainString() : plain.toPlainString());
	}

	private static Checked integer(Problems p, Object value) {
		BigDecimal number = decimal(value);
		if (number == null || number.stripTrailingZeros().scale() > 0
				|| number.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
			return p.error(Rule.FORMAT, "a whole number", "the " + p.field.label() + " must be a whole number.");
		}
		return p.ok(number.toBigInteger().toString());
	}

	private static Checked date(Problems p, Object value) {
		try {
			LocalDate date = (value instanceof LocalDate d) ? d : LocalDate.parse(String.valueOf(value).strip());
			if (date.getYear() < 1900 || date.getYear() > 9999) {
				return p.error(Rule.FORMAT, "a date", "the " + p.field.label() + " (" + date + ") is not a date QuickBooks keeps.");
			}
			return p.ok(date.toString());
		}
		catch (DateTimeParseException ex) {
			return p.error(Rule.FORMAT, "a date", "the " + p.field.label() + " is not a date. Use year-month-day, "
					+ "for example 2026-11-26.");
		}
	}

	private static Checked ref(Problems p, Field field, Object value, boolean truncate) {
		QbRef ref = (value instanceof QbRef r) ? r : QbRef.name(String.valueOf(value));
		if (ref.hasId()) {
			Checked id = id(p, ref.listId());
			return new Checked("ListID", id.text(), id.issues());
		}
		return text(p, field, ref.fullName(), truncate, "FullName");
	}

	private static Checked id(Problems p, String value) {
		String id = value.strip();
		if (id.isEmpty() || id.length() > 36) {
			return p.error(Rule.FORMAT, "36 characters",
					"the " + p.field.label() + " is not a QuickBooks id (at most 36 characters).");
		}
		return p.ok(id);
	}

	private static Checked guid(Problems p, Object value) {
		if (value instanceof UUID uuid) {
			return p.ok("{" + uuid.toString().toUpperCase(Locale.ROOT) + "}");
		}
		String text = String.valueOf(value).strip();
		return GUID.matcher(text).matches() ? p.ok(text.toUpperCase(Locale.ROOT))
				: p.error(Rule.FORMAT, "{8-4-4-4-12} hexadecimal", "the " + p.field.label() + " is not a GUID.");
	}

	private static BigDecimal decimal(Object value) {
		if (value instanceof BigDecimal d) {
			return d;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
		}
		String text = String.valueOf(value).strip();
		return NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
	}

	static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** Builds results and issues for one field of one record. */
	private record Problems(String record, Field field, Object value) {

		Checked ok(String text) {
			return new Checked(null, text, List.of());
		}

		Checked error(Rule rule, String limit, String what) {
			return new Checked(null, null, List.of(issue(rule, limit, Severity.ERROR, what)));
		}

		FieldIssue issue(Rule rule, String limit, Severity severity, String what) {
			String shown = String.valueOf(this.value);
			String quoted = (rule == Rule.TRUNCATED || rule == Rule.REQUIRED) ? ""
					: " (value: \"" + ((shown.length() > 80) ? shown.substring(0, 80) + "..." : shown) + "\")";
			return new FieldIssue(this.record, this.field.name(), rule, limit, shown, severity,
					capitalize(this.record) + ": " + what + quoted);
		}

	}

}
