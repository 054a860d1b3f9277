package io.qbsync.singleops;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A payment received from a customer, applied to some of the customer's invoices (by externalId). What is not applied
 * stays a credit.
 */
public record Payment(String customer, LocalDate date, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
		String method, String reference, String memo, List<AppliedTo> appliedTo) implements RecordBody {

	public Payment {
		appliedTo = (appliedTo != null) ? List.copyOf(appliedTo) : List.of();
	}

	@Override
	public RecordType recordType() {
		return RecordType.PAYMENTS;
	}

	@Override
	public List<Reference> references() {
		List<Reference> references = new ArrayList<>();
		if (this.customer != null) {
			references.add(new Reference("customer", RecordType.CUSTOMERS, this.customer));
		}
		for (int i = 0; i < this.appliedTo.size(); i++) {
			if (this.appliedTo.get(i).invoice() != null) {
				references.add(
						new Reference("appliedTo[" + i + "].invoice", RecordType.INVOICES, this.appliedTo.get(i).invoice()));
			}
		}
		return references;
	}

}
