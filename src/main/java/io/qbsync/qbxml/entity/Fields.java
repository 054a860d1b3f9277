package io.qbsync.qbxml.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.qbsync.qbxml.QbxmlVersion;

/** Field groups several QuickBooks objects share, with the US desktop limits. */
final class Fields {

	static final QbxmlVersion V3 = QbxmlVersion.of(3, 0);

	static final QbxmlVersion V8 = QbxmlVersion.of(8, 0);

	static final QbxmlVersion V9 = QbxmlVersion.of(9, 0);

	/** Customers' and vendors' names: unique across customers, vendors, employees and other names. */
	static final Field NAME_41 = Field.text("name", "Name", "name", 41).asRequired();

	static final Field ACTIVE = Field.of("active", "IsActive", "active", FieldKind.BOOLEAN);

	static final Field COMPANY_NAME = Field.text("companyName", "CompanyName", "company name", 41);

	static final Field FIRST_NAME = Field.text("firstName", "FirstName", "first name", 25);

	static final Field LAST_NAME = Field.text("lastName", "LastName", "last name", 25);

	static final Field PHONE = Field.text("phone", "Phone", "phone", 21);

	static final Field EMAIL = Field.text("email", "Email", "email", 1023);

	private Fields() {
	}

	/** An address aggregate ({@code BillAddress}, {@code VendorAddress}) as our {@code prefix.line1 ...} fields. */
	static List<Field> address(String prefix, String aggregate, String label) {
		return List.of(Field.text(prefix + ".line1", aggregate + "/Addr1", label + " line 1", 41),
				Field.text(prefix + ".line2", aggregate + "/Addr2", label + " line 2", 41),
				Field.text(prefix + ".city", aggregate + "/City", label + " city", 31),
				Field.text(prefix + ".state", aggregate + "/State", label + " state", 21),
				Field.text(prefix + ".postalCode", aggregate + "/PostalCode", label + " postal code", 13),
				Field.text(prefix + ".country", aggregate + "/Country", label + " country", 31));
	}

	/** Our identity stamp on an Add, so that a lost answer can be found again. */
	static Field externalGuid(QbxmlVersion since) {
		return Field.of(EntityType.EXTERNAL_GUID, "ExternalGUID", "qbsync identity", FieldKind.GUID).since(since);
	}

	/** Every field of a Mod is optional: only what changed is sent. */
	static List<Field> optional(List<Field> fields) {
		return fields.stream().map(Field::asOptional).toList();
	}

	static List<Field> flatten(Object... parts) {
		List<Field> fields = new ArrayList<>();
		for (Object part : parts) {
			if (part instanceof Field field) {
				fields.add(field);
			}
			else if (part instanceof Collection<?> many) {
				many.forEach((f) -> fields.add((Field) f));
			}
			else {
				throw new IllegalArgumentException("Not a field: " + part);
			}
		}
		return List.copyOf(fields);
	}

}
