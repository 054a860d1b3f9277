package io.qbsync.qbxml.entity;

import static io.qbsync.qbxml.entity.Fields.V8;

/**
 * The fields service and non-inventory items share: a name, and what they sell for and into which income account
 * (the {@code SalesOrPurchase} aggregate, called {@code SalesOrPurchaseMod} in a Mod).
 */
final class SalesItemFields {

	static final Field NAME = Field.text("name", "Name", "name", 31).asRequired();

	static final Field ACTIVE = Field.of("active", "IsActive", "active", FieldKind.BOOLEAN);

	static final Field DESCRIPTION = Field.text("description", "SalesOrPurchase/Desc", "description", 4095).withLineBreaks();

	static final Field RATE = Field.of("rate", "SalesOrPurchase/Price", "rate", FieldKind.PRICE);

	/** QuickBooks needs an income account to create an item. */
	static final Field INCOME_ACCOUNT = Field.ref("incomeAccount", "SalesOrPurchase/AccountRef", "income account", 159)
		.asRequired();

	private SalesItemFields() {
	}

	static EntityType type(String name, String label) {
		return EntityType.list(name, label)
			.syncs(Direction.EXPORT, Direction.IMPORT)
			.dependsOn("Account")
			.externalGuidSince(V8)
			.add(NAME, ACTIVE, DESCRIPTION, RATE, INCOME_ACCOUNT, Fields.externalGuid(V8))
			.mod(Fields.optional(Fields.flatten(NAME, ACTIVE, DESCRIPTION.at("SalesOrPurchaseMod/Desc"),
					RATE.at("SalesOrPurchaseMod/Price"), INCOME_ACCOUNT.at("SalesOrPurchaseMod/AccountRef"))))
			.read(NAME, Field.text("fullName", "FullName", "full name", 159), ACTIVE, DESCRIPTION, RATE, INCOME_ACCOUNT,
					Fields.externalGuid(V8))
			.build();
	}

}
