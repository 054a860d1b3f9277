package io.qbsync.singleops;

/** A vendor: a subcontractor or supplier. Only {@code name} is required. */
public record Vendor(String name, String companyName, String firstName, String lastName, String email,
		String phone, Address billingAddress, Boolean active) implements RecordBody {

	@Override
	public RecordType recordType() {
		return RecordType.VENDORS;
	}

}
