package io.qbsync.singleops;

import java.util.List;

/**
 * The typed body of a SingleOps record. Values are normalised: blank optional text is absent, money has two decimals,
 * quantities and rates no trailing zeros, dates are ISO dates.
 */
public sealed interface RecordBody permits Customer, Vendor, Item, Invoice, Payment {

	/** Which kind of record this is. */
	RecordType recordType();

	/** The other records this one names by externalId, with the field that names them. */
	default List<Reference> references() {
		return List.of();
	}

}
