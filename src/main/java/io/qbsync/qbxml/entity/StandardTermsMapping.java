package io.qbsync.qbxml.entity;

/** Payment terms such as "Net 30" (lists, import only). */
final class StandardTermsMapping {

	static final EntityType TYPE = EntityType.list("StandardTerms", "payment terms")
		.syncs(Direction.IMPORT)
		.noIterator()
		.read(Field.text("name", "Name", "name", 31), Field.of("active", "IsActive", "active", FieldKind.BOOLEAN),
				Field.of("dueDays", "StdDueDays", "days until due", FieldKind.INTEGER),
				Field.of("discountDays", "StdDiscountDays", "discount days", FieldKind.INTEGER),
				Field.of("discountPercent", "DiscountPct", "discount percent", FieldKind.PERCENT))
		.build();

	private StandardTermsMapping() {
	}

}
