package io.qbsync.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.singleops.AppliedTo;
import io.qbsync.singleops.Customer;
import io.qbsync.singleops.Invoice;
import io.qbsync.singleops.InvoiceLine;
import io.qbsync.singleops.Item;
import io.qbsync.singleops.ItemType;
import io.qbsync.singleops.Payment;
import io.qbsync.singleops.RecordBody;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.Vendor;

import org.springframework.stereotype.Component;

/**
 * A field-service record in the catalogue's terms: its QuickBooks type and its values under the catalogue's field
 * names. A record it names (an invoice's customer) becomes a reference by that record's QuickBooks id when it is
 * linked, else by its name.
 */
@Component
public class SingleOpsValues {

	/** The QuickBooks side of a field-service record. */
	public record Mapped(EntityType type, Map<String, Object> values) {
	}

	private final SingleOpsRecords records;

	SingleOpsValues(SingleOpsRecords records) {
		this.records = records;
	}

	public Mapped map(StoredRecord record) {
		RecordBody body = record.body();
		Map<String, Object> v = new LinkedHashMap<>();
		if (body instanceof Customer c) {
			person(v, c.name(), c.companyName(), c.firstName(), c.lastName(), c.email(), c.phone(), c.active());
			address(v, c.billingAddress());
			put(v, "notes", c.notes());
			return new Mapped(Entities.CUSTOMER, v);
		}
		if (body instanceof Vendor c) {
			person(v, c.name(), c.companyName(), c.firstName(), c.lastName(), c.email(), c.phone(), c.active());
			address(v, c.billingAddress());
			return new Mapped(Entities.VENDOR, v);
		}
		if (body instanceof Item i) {
			put(v, "name", i.name());
			put(v, "active", i.active());
			put(v, "description", i.description());
			put(v, "rate", i.rate());
			put(v, "incomeAccount", (i.incomeAccount() != null) ? QbRef.name(i.incomeAccount()) : null);
			return new Mapped((i.type() == ItemType.NON_INVENTORY) ? Entities.ITEM_NON_INVENTORY : Entities.ITEM_SERVICE,
					v);
		}
		if (body instanceof Invoice i) {
			put(v, "customer", ref(record.companyId(), RecordType.CUSTOMERS, i.customer()));
			put(v, "date", i.date());
			put(v, "number", i.number());
			put(v, "dueDate", i.dueDate());
			put(v, "memo", i.memo());
			List<Map<String, Object>> lines = new ArrayList<>();
			for (InvoiceLine line : i.lines()) {
				Map<String, Object> l = new LinkedHashMap<>();
				put(l, "item", ref(record.companyId(), RecordType.ITEMS, line.item()));
				put(l, "description", line.description());
				put(l, "quantity", line.quantity());
				put(l, "rate", line.rate());
				lines.add(l);
			}
			v.put(LineSpec.LINES, lines);
			return new Mapped(Entities.INVOICE, v);
		}
		Payment p = (Payment) body;
		put(v, "customer", ref(record.companyId(), RecordType.CUSTOMERS, p.customer()));
		put(v, "date", p.date());
		put(v, "reference", p.reference());
		put(v, "amount", p.amount());
		put(v, "method", (p.method() != null) ? QbRef.name(p.method()) : null);
		put(v, "memo", p.memo());
		List<Map<String, Object>> lines = new ArrayList<>();
		for (AppliedTo applied : p.appliedTo()) {
			Map<String, Object> l = new LinkedHashMap<>();
			put(l, "invoice", this.records.find(record.companyId(), RecordType.INVOICES, applied.invoice())
				.map((r) -> r.quickBooks().id())
				.orElse(null));
			put(l, "amount", applied.amount());
			lines.add(l);
		}
		v.put(LineSpec.LINES, lines);
		return new Mapped(Entities.RECEIVE_PAYMENT, v);
	}

	/** The QuickBooks reference for a record named by externalId: its ListID once linked, else its name. */
	private QbRef ref(long companyId, RecordType type, String externalId) {
		if (externalId == null) {
			return null;
		}
		return this.records.find(companyId, type, externalId).map((r) -> {
			if (r.quickBooks().id() != null) {
				return QbRef.id(r.quickBooks().id());
			}
			RecordBody body = r.body();
			String name = (body instanceof Customer c) ? c.name() : (body instanceof Item i) ? i.name() : externalId;
			return QbRef.name(name);
		}).orElse(QbRef.name(externalId));
	}

	private static void person(Map<String, Object> v, String name, String companyName, String firstName,
			String lastName, String email, String phone, Boolean active) {
		put(v, "name", name);
		put(v, "active", active);
		put(v, "companyName", companyName);
		put(v, "firstName", firstName);
		put(v, "lastName", lastName);
		put(v, "phone", phone);
		put(v, "email", email);
	}

	private static void address(Map<String, Object> v, io.qbsync.singleops.Address a) {
		if (a != null) {
			put(v, "billingAddress.line1", a.line1());
			put(v, "billingAddress.line2", a.line2());
			put(v, "billingAddress.city", a.city());
			put(v, "billingAddress.state", a.state());
			put(v, "billingAddress.postalCode", a.postalCode());
			put(v, "billingAddress.country", a.country());
		}
	}

	private static void put(Map<String, Object> values, String name, Object value) {
		if (value != null) {
			values.put(name, value);
		}
	}

}
