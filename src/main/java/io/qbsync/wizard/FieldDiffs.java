package io.qbsync.wizard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;

/** How two versions of an object differ, field by field, in the words and values the admin reads. */
public final class FieldDiffs {

	private FieldDiffs() {
	}

	/**
	 * The fields a conflict is about: those that differ and that the field-service app carries. A field it has no
	 * value for is never sent to QuickBooks, so QuickBooks' value of it stays whichever side is kept: no difference.
	 */
	public static List<FieldChange> conflictDiff(EntityType type, Map<String, Object> quickBooks,
			Map<String, Object> ours) {
		return diff(type, quickBooks, ours).stream()
			.filter((c) -> LineSpec.LINES.equals(c.field()) || ours.get(c.field()) != null)
			.toList();
	}

	/** The fields that differ, with our labels; lines compared as one readable text. */
	public static List<FieldChange> diff(EntityType type, Map<String, Object> before, Map<String, Object> after) {
		List<FieldChange> changes = new ArrayList<>();
		for (Field field : type.addFields()) {
			if (field.name().equals(EntityType.EXTERNAL_GUID)) {
				continue;
			}
			Object was = before.get(field.name());
			Object now = after.get(field.name());
			if (!same(was, now)) {
				changes.add(new FieldChange(field.name(), field.label(), text(was), text(now)));
			}
		}
		if (type.lines() != null && !sameLines(type, before.get(LineSpec.LINES), after.get(LineSpec.LINES))) {
			changes.add(new FieldChange(LineSpec.LINES, "lines", lines(type, before.get(LineSpec.LINES)),
					lines(type, after.get(LineSpec.LINES))));
		}
		return changes;
	}

	/** Equal for the admin: references by ListID when both sides have one, else by name; numbers by value. */
	static boolean same(Object a, Object b) {
		if (a instanceof QbRef x && b instanceof QbRef y) {
			return (x.hasId() && y.hasId()) ? x.listId().equals(y.listId())
					: Objects.equals(x.fullName(), y.fullName()) && x.fullName() != null;
		}
		return Objects.equals(text(a), text(b));
	}

	private static boolean sameLines(EntityType type, Object a, Object b) {
		List<?> x = (a instanceof List<?> l) ? l : List.of();
		List<?> y = (b instanceof List<?> l) ? l : List.of();
		if (x.size() != y.size()) {
			return false;
		}
		for (int i = 0; i < x.size(); i++) {
			for (Field field : type.lines().addFields()) {
				if (!same(((Map<?, ?>) x.get(i)).get(field.name()), ((Map<?, ?>) y.get(i)).get(field.name()))) {
					return false;
				}
			}
		}
		return true;
	}

	private static String lines(EntityType type, Object lines) {
		if (!(lines instanceof List<?> list) || list.isEmpty()) {
			return null;
		}
		List<String> texts = new ArrayList<>();
		for (Object line : list) {
			Map<?, ?> l = (Map<?, ?>) line;
			List<String> parts = new ArrayList<>();
			for (Field field : type.lines().addFields()) {
				String value = text(l.get(field.name()));
				if (value != null) {
					parts.add(field.label() + " " + value);
				}
			}
			texts.add(String.join(", ", parts));
		}
		return String.join("; ", texts);
	}

	/** A value as the admin reads it; equal values give equal texts (2 and 2.00 alike). */
	public static String text(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof QbRef ref) {
			return (ref.fullName() != null) ? ref.fullName() : ref.listId();
		}
		if (value instanceof BigDecimal d) {
			return d.stripTrailingZeros().toPlainString();
		}
		if (value instanceof Boolean b) {
			return b ? "yes" : "no";
		}
		String text = value.toString().strip();
		return text.isEmpty() ? null : text;
	}

}
