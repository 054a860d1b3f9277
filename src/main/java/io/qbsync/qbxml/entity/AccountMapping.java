package io.qbsync.qbxml.entity;

/** Accounts (lists, import only): the chart of accounts, so items can name their income account. */
final class AccountMapping {

	static final EntityType TYPE = EntityType.list("Account", "account")
		.syncs(Direction.IMPORT)
		.noIterator()
		.read(Field.text("name", "Name", "name", 31), Field.text("fullName", "FullName", "full name", 159),
				Field.of("active", "IsActive", "active", FieldKind.BOOLEAN),
				Field.text("accountType", "AccountType", "account type", 0),
				Field.text("accountNumber", "AccountNumber", "account number", 7),
				Field.text("description", "Desc", "description", 200))
		.build();

	private AccountMapping() {
	}

}
