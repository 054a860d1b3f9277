package io.qbsync.qbxml.entity;

import static io.qbsync.qbxml.entity.Fields.V8;

/** Vendors (lists): subcontractors and suppliers. Their Name shares one namespace with customers. */
final class VendorMapping {

	static final Field NAME = Field.text("name", "Name", "name", 41).asRequired();

	static final Field ACTIVE = Field.of("active", "IsActive", "active", FieldKind.BOOLEAN);

	static final Field COMPANY_NAME = Field.text("companyName", "CompanyName", "company name", 41);

	static final Field FIRST_NAME = Field.text("firstName", "FirstName", "first name", 25);

	static final Field LAST_NAME = Field.text("lastName", "LastName", "last name", 25);

	static final Field PHONE = Field.text("phone", "Phone", "phone", 21);

	static final Field EMAIL = Field.text("email", "Email", "email", 1023);

	static final EntityType TYPE = EntityType.list("Vendor", "vendor")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.externalGuidSince(V8)
		.add(NAME, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME, Fields.address("billingAddress", "VendorAddress",
				"address"), PHONE, EMAIL, Fields.externalGuid(V8))
		.mod(Fields.optional(Fields.flatten(NAME, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "VendorAddress", "address"), PHONE, EMAIL)))
		.read(NAME, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "VendorAddress", "address"), PHONE, EMAIL, Fields.externalGuid(V8))
		.build();

	private VendorMapping() {
	}

}
