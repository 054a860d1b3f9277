package io.qbsync.singleops;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An invoice to a customer, with its lines. {@code customer} and each line's {@code item} name records by
 * externalId; {@code number} is the invoice number people see.
 */
public record Invoice(String number, String customer, LocalDate date, LocalDate dueDate, String memo,
		List<InvoiceLine> lines) implements RecordBody {

	public Invoice {
		lines = (lines != null) ? List.copyOf(lines) : List.of();
	}

	@Override
	public RecordType recordType() {
		return RecordType.INVOICES;
	}

	@Override
	public List<Reference> references() {
		List<Reference> references = new ArrayList<>();
		if (this.customer != null) {
			references.add(new Reference("customer", RecordType.CUSTOMERS, this.customer));
		}
		for (int i = 0; i < this.lines.size(); i++) {
			if (this.lines.get(i).item() != null) {
				references.add(new Reference("lines[" + i + "].item", RecordType.ITEMS, this.lines.get(i).item()));
			}
		}
		return references;
	}

}
