package io.qbsync.qbxml.entity;

/** Service items (lists): the work a crew sells, such as tree removal or weekly mowing. */
final class ItemServiceMapping {

	static final EntityType TYPE = SalesItemFields.type("ItemService", "service item");

	private ItemServiceMapping() {
	}

}
