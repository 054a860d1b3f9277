package io.qbsync.singleops;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of SingleOps records, by the name they have in the API path ({@code /records/customers/...}); each knows
 * which other kinds its body names by externalId.
 */
public enum RecordType {

	CUSTOMERS("customers"), VENDORS("vendors"), ITEMS("items"), INVOICES("invoices"), PAYMENTS("payments");

	private final String path;

	RecordType(String path) {
		this.path = path;
	}

	/** The name in the API path and in bulk lines. */
	public String path() {
		return this.path;
	}

	/** The kinds this kind's body refers to: an invoice names a customer and items, a payment a customer and invoices. */
	public Set<RecordType> references() {
		return switch (this) {
			case INVOICES -> Set.of(CUSTOMERS, ITEMS);
			case PAYMENTS -> Set.of(CUSTOMERS, INVOICES);
			default -> Set.of();
		};
	}

	public static Optional<RecordType> fromPath(String path) {
		return Arrays.stream(values()).filter((type) -> type.path.equals(path)).findFirst();
	}

	/** The path names, for messages: {@code customers, vendors, items, invoices, payments}. */
	public static String paths() {
		return Arrays.stream(values()).map(RecordType::path).collect(Collectors.joining(", "));
	}

}
