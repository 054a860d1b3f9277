package io.qbsync.qbxml.entity;

/** Non-inventory items (lists): materials sold without tracking stock, such as mulch or plants. */
final class ItemNonInventoryMapping {

	static final EntityType TYPE = SalesItemFields.type("ItemNonInventory", "non-inventory item");

	private ItemNonInventoryMapping() {
	}

}
