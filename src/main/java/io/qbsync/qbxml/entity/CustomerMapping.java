package io.qbsync.qbxml.entity;

import static io.qbsync.qbxml.entity.Fields.V3;
import static io.qbsync.qbxml.entity.Fields.V8;

/**
 * Customers (lists). Name is unique across customers, vendors, employees and other names in QuickBooks. Jobs
 * (sub-customers) are customers too, but the field-service app keeps jobs itself, so none are made here.
 */
final class CustomerMapping {

	static final Field NAME = Field.text("name", "Name", "name", 41).asRequired();

	static final Field ACTIVE = Field.of("active", "IsActive", "active", FieldKind.BOOLEAN);

	static final Field COMPANY_NAME = Field.text("companyName", "CompanyName", "company name", 41);

	static final Field FIRST_NAME = Field.text("firstName", "FirstName", "first name", 25);

	static final Field LAST_NAME = Field.text("lastName", "LastName", "last name", 25);

	static final Field PHONE = Field.text("phone", "Phone", "phone", 21);

	static final Field EMAIL = Field.text("email", "Email", "email", 1023);

	static final Field NOTES = Field.text("notes", "Notes", "notes", 4095).withLineBreaks().since(V3);

	static final EntityType TYPE = EntityType.list("Customer", "customer")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.externalGuidSince(V8)
		.add(NAME, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME, Fields.address("billingAddress", "BillAddress",
				"billing address"), PHONE, EMAIL, NOTES, Fields.externalGuid(V8))
		.mod(Fields.optional(Fields.flatten(NAME, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "BillAddress", "billing address"), PHONE, EMAIL, NOTES)))
		.read(NAME, Field.text("fullName", "FullName", "full name", 209), ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "BillAddress", "billing address"), PHONE, EMAIL, NOTES,
				Field.of("balance", "TotalBalance", "balance", FieldKind.AMOUNT), Fields.externalGuid(V8))
		.build();

	private CustomerMapping() {
	}

}
