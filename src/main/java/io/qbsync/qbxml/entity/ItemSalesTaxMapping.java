package io.qbsync.qbxml.entity;

/** Sales tax items (lists, import only): the tax rates a company charges. */
final class ItemSalesTaxMapping {

	static final EntityType TYPE = EntityType.list("ItemSalesTax", "sales tax item")
		.syncs(Direction.IMPORT)
		.read(Field.text("name", "Name", "name", 31), Field.of("active", "IsActive", "active", FieldKind.BOOLEAN),
				Field.text("description", "ItemDesc", "description", 4095),
				Field.of("rate", "TaxRate", "tax rate", FieldKind.PERCENT),
				Field.ref("taxVendor", "TaxVendorRef", "tax agency", 41))
		.build();

	private ItemSalesTaxMapping() {
	}

}
