package io.qbsync.singleops;

/** A customer of the field-service business. Only {@code name} is required. */
public record Customer(String name, String companyName, String firstName, String lastName, String email,
		String phone, Address billingAddress, Boolean active, String notes) implements RecordBody {

	@Override
	public RecordType recordType() {
		return RecordType.CUSTOMERS;
	}

}
