package io.qbsync.qbxml.entity;

import static io.qbsync.qbxml.entity.Fields.ACTIVE;
import static io.qbsync.qbxml.entity.Fields.COMPANY_NAME;
import static io.qbsync.qbxml.entity.Fields.EMAIL;
import static io.qbsync.qbxml.entity.Fields.FIRST_NAME;
import static io.qbsync.qbxml.entity.Fields.LAST_NAME;
import static io.qbsync.qbxml.entity.Fields.NAME_41;
import static io.qbsync.qbxml.entity.Fields.PHONE;
import static io.qbsync.qbxml.entity.Fields.V8;

/** Vendors (lists): subcontractors and suppliers. Their Name shares one namespace with customers. */
final class VendorMapping {

	static final EntityType TYPE = EntityType.list("Vendor", "vendor")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.externalGuidSince(V8)
		.add(NAME_41, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME, Fields.address("billingAddress", "VendorAddress",
				"address"), PHONE, EMAIL, Fields.externalGuid(V8))
		.mod(Fields.optional(Fields.flatten(NAME_41, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "VendorAddress", "address"), PHONE, EMAIL)))
		.read(NAME_41, ACTIVE, COMPANY_NAME, FIRST_NAME, LAST_NAME,
				Fields.address("billingAddress", "VendorAddress", "address"), PHONE, EMAIL, Fields.externalGuid(V8))
		.build();

	private VendorMapping() {
	}

}
