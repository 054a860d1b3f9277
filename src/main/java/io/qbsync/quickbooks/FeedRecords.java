package io.qbsync.quickbooks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;

import org.springframework.stereotype.Component;

/**
 * A QuickBooks object from the feed in the records API's own terms, so the host app can store it as it stores any
 * record: the same field names ({@code name}, {@code billingAddress.city}, {@code rate}, {@code lines[].item}), and
 * references to other records by the host's externalId where that record is linked to the object QuickBooks names.
 * A reference to an object no record is linked to yet is null in the record and listed in {@link Reference}s with
 * QuickBooks' id and name, so the host can apply the feed in order and link what it creates.
 * <p>
 * Every field the records API has for the type is named, null where QuickBooks has it empty: QuickBooks leaves an
 * empty field out of its answer, and a host that kept its own value for a missing field would keep a phone number the
 * bookkeeper chose to drop.
 */
@Component
public class FeedRecords {

	/** A field of the record that names another QuickBooks object, and the record linked to it (if any). */
	public record Reference(String field, String qbId, String name, String externalId) {
	}

	/** The record body, and its references. */
	public record Shaped(Map<String, Object> record, List<Reference> references) {
	}

	private final SingleOpsRecords records;

	FeedRecords(SingleOpsRecords records) {
		this.records = records;
	}

	/** The object as a record body, or empty for a deletion or a type the records API has no kind for. */
	public Optional<Shaped> shape(long companyId, String objectType, String data) {
		EntityType type = Entities.byName(objectType).orElse(null);
		if (type == null || data == null || kindOf(objectType) == null) {
			return Optional.empty();
		}
		Map<String, Object> values = QuickBooksChanges.values(type, data);
		List<Reference> references = new ArrayList<>();
		Map<String, Object> record = new LinkedHashMap<>();
		if (objectType.startsWith("Item")) {
			record.put("type", objectType.equals("ItemService") ? "SERVICE" : "NON_INVENTORY");
		}
		// only what the records API has: the fields an Add of the type is written from (QuickBooks returns more)
		java.util.Set<String> recordFields = names(type.addFields());
		for (Map.Entry<String, Object> e : values.entrySet()) {
			String field = e.getKey();
			if (field.equals(EntityType.EXTERNAL_GUID) || !recordFields.contains(field)) {
				continue;
			}
			put(record, field, value(companyId, field, e.getValue(), references));
		}
		recordFields.stream().filter((field) -> !field.equals(EntityType.EXTERNAL_GUID))
			.forEach((field) -> putIfAbsent(record, field));
		if (values.get(LineSpec.LINES) instanceof List<?> lines) {
			boolean payment = objectType.equals("ReceivePayment");
			java.util.Set<String> lineFields = names(type.lines().addFields());
			List<Map<String, Object>> shaped = new ArrayList<>();
			int i = 0;
			for (Object line : lines) {
				Map<String, Object> l = new LinkedHashMap<>();
				for (Map.Entry<?, ?> e : ((Map<?, ?>) line).entrySet()) {
					String field = (String) e.getKey();
					if (!lineFields.contains(field)) {
						continue;
					}
					String path = (payment ? "appliedTo[" : "lines[") + i + "]." + field;
					l.put(field, value(companyId, path, e.getValue(), references));
				}
				lineFields.forEach((field) -> l.putIfAbsent(field, null));
				shaped.add(l);
				i++;
			}
			record.put(payment ? "appliedTo" : "lines", shaped);
		}
		return Optional.of(new Shaped(record, references));
	}

	/** A value as the records API writes it; references to records become the linked record's externalId. */
	private Object value(long companyId, String path, Object value, List<Reference> references) {
		String field = path.substring(path.lastIndexOf('.') + 1);
		String linkedKind = switch (field) {
			case "customer" -> "CUSTOMERS";
			case "item" -> "ITEMS";
			case "invoice" -> "INVOICES";
			default -> null;
		};
		if (value instanceof QbRef ref) {
			if (linkedKind == null) {
				return ref.fullName(); // an account or payment method: the records API names it
			}
			return reference(companyId, path, linkedKind, ref.listId(), ref.fullName(), references);
		}
		if (linkedKind != null && value instanceof String id) {
			return reference(companyId, path, linkedKind, id, null, references);
		}
		if (value instanceof BigDecimal d) {
			return new BigDecimal(d.stripTrailingZeros().toPlainString()); // 45.5, 100: as the host sent them
		}
		return (value instanceof java.time.LocalDate date) ? date.toString() : value;
	}

	private String reference(long companyId, String path, String kind, String qbId, String name,
			List<Reference> references) {
		String externalId = (qbId == null) ? null
				: this.records.externalIdByQuickBooksId(companyId, RecordType.valueOf(kind), qbId).orElse(null);
		references.add(new Reference(path, qbId, name, externalId));
		return externalId;
	}

	/** {@code billingAddress.city} goes into {@code billingAddress: {city}}. */
	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> record, String field, Object value) {
		int dot = field.indexOf('.');
		if (dot < 0) {
			record.put(field, value);
			return;
		}
		Map<String, Object> nested = (Map<String, Object>) record.computeIfAbsent(field.substring(0, dot),
				(k) -> new LinkedHashMap<String, Object>());
		put(nested, field.substring(dot + 1), value);
	}



	/** Names a field QuickBooks left out as null, {@code billingAddress.city} inside {@code billingAddress}. */
	@SuppressWarnings("unchecked")
	private static void putIfAbsent(Map<String, Object> record, String field) {
		int dot = field.indexOf('.');
		if (dot < 0) {
			record.putIfAbsent(field, null);
			return;
		}
		Object nested = record.computeIfAbsent(field.substring(0, dot), (k) -> new LinkedHashMap<String, Object>());
		if (nested instanceof Map<?, ?> map) {
			putIfAbsent((Map<String, Object>) map, field.substring(dot + 1));
		}
	}

	private static java.util.Set<String> names(List<io.qbsync.qbxml.entity.Field> fields) {
		return fields.stream().map(io.qbsync.qbxml.entity.Field::name).collect(java.util.stream.Collectors.toSet());
	}

	/** The records API's kind for a QuickBooks type, or null. */
	static String kindOf(String objectType) {
		return switch (objectType) {
			case "Customer" -> "customers";
			case "Vendor" -> "vendors";
			case "ItemService", "ItemNonInventory" -> "items";
			case "Invoice" -> "invoices";
			case "ReceivePayment" -> "payments";
			default -> null;
		};
	}

}
