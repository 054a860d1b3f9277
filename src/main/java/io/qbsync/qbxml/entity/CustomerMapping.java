package io.qbsync.qbxml.entity;

import static io.qbsync.qbxml.entity.Fields.ACTIVE;
import static io.qbsync.qbxml.entity.Fields.COMPANY_NAME;
import static io.qbsync.qbxml.entity.Fields.EMAIL;
import static io.qbsync.qbxml.entity.Fields.FIRST_NAME;
import static io.qbsync.qbxml.entity.Fields.LAST_NAME;
import static io.qbsync.qbxml.entity.Fields.NAME_41;
import static io.qbsync.qbxml.entity.Fields.PHONE;
import static io.qbsync.qbxml.entity.Fields.V3;
import static io.qbsync.qbxml.entity.Fields.V8;

/**
 * Customers (lists). Name is unique across customers, vendors, employees and other names in QuickBooks. Jobs
 * (sub-customers) are customers too, but the field-service app keeps jobs itself, so none are made here.
 */
final class CustomerMapping {

	static final Field NOTES = Field.text("notes", "Notes", "notes", 4095).withLineBreaks().since(V3);

	static final EntityType TYPE = EntityType.list("Customer", "customer")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.externalGuidSince(V8)
		.add(NAME_41, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME, Fields.address("billingAddress", "BillAddress",
				"billing address"), PHONE, EMAIL, NOTES, Fields.externalGuid(V8))
		.mod(Fields.optional(Fields.flatten(NAME_41, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "BillAddress", "billing address"), PHONE, EMAIL, NOTES)))
		.read(NAME_41, Field.text("fullName", "FullName", "full name", 209), ACTIVE, COMPANY_NAME, FIRST_NAME,
				LAST_NAME, Fields.address("billingAddress", "BillAddress", "billing address"), PHONE, EMAIL, NOTES,
				Field.of("balance", "TotalBalance", "balance", FieldKind.AMOUNT), Fields.externalGuid(V8))
		.build();

	private CustomerMapping() {
	}

}
