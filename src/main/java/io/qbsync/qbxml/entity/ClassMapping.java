package io.qbsync.qbxml.entity;

/** Classes (lists, import only): how a company tags income, e.g. by crew or branch. */
final class ClassMapping {

	static final EntityType TYPE = EntityType.list("Class", "class")
		.syncs(Direction.IMPORT)
		.noIterator()
		.read(Field.text("name", "Name", "name", 31), Field.text("fullName", "FullName", "full name", 159),
				Field.of("active", "IsActive", "active", FieldKind.BOOLEAN))
		.build();

	private ClassMapping() {
	}

}
