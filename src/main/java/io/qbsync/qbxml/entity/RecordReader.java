package io.qbsync.qbxml.entity;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what QuickBooks returned for an object (its fields as path to text, as a response reader gives them) into
 * our field names and Java values: amounts as BigDecimal, dates as LocalDate, references as {@link QbRef}. Values
 * QuickBooks wrote outside its own schema (it has done so) are kept as text rather than failing the import.
 */
public final class RecordReader {

	/** One line of a transaction as returned: its TxnLineID (or null) and its fields. */
	public record LineFields(String txnLineId, Map<String, String> fields) {
	}

	private RecordReader() {
	}

	/** Our values for the object; lines (if the type has them) under {@link LineSpec#LINES}. */
	public static Map<String, Object> read(EntityType type, Map<String, String> fields, List<LineFields> lines) {
		Map<String, Object> values = read(type.readFields(), fields);
		if (type.lines() != null) {
			List<Map<String, Object>> read = new ArrayList<>();
			for (LineFields line : lines) {
				Map<String, Object> lineValues = read(type.lines().readFields(), line.fields());
				if (line.txnLineId() != null) {
					lineValues.put("txnLineId", line.txnLineId());
				}
				read.add(lineValues);
			}
			values.put(LineSpec.LINES, read);
		}
		return values;
	}

	private static Map<String, Object> read(List<Field> spec, Map<String, String> fields) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Field field : spec) {
			Object value = (field.kind() == FieldKind.REF) ? ref(field, fields) : value(field, fields.get(field.path()));
			if (value != null) {
				values.put(field.name(), value);
			}
		}
		return values;
	}

	private static QbRef ref(Field field, Map<String, String> fields) {
		String id = fields.get(field.path() + "/ListID");
		String name = fields.get(field.path() + "/FullName");
		return (id == null && name == null) ? null : new QbRef(id, name);
	}

	private static Object value(Field field, String text) {
		if (text == null) {
			return null;
		}
		try {
			return switch (field.kind()) {
				case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : text;
				case AMOUNT, PRICE, QUANTITY, PERCENT -> new BigDecimal(text.strip());
				case INTEGER -> Integer.valueOf(text.strip());
				case DATE -> LocalDate.parse(text.strip());
				default -> text;
			};
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			return text;
		}
	}

}
