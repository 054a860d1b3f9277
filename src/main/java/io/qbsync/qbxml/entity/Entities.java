package io.qbsync.qbxml.entity;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue: every QuickBooks object type qbsync syncs, in dependency order (a type comes after the types it
 * references). To add a type, write its mapping class and list it here.
 */
public final class Entities {

	public static final EntityType ACCOUNT = AccountMapping.TYPE;

	public static final EntityType CLASS = ClassMapping.TYPE;

	public static final EntityType STANDARD_TERMS = StandardTermsMapping.TYPE;

	public static final EntityType ITEM_SALES_TAX = ItemSalesTaxMapping.TYPE;

	public static final EntityType ITEM_SERVICE = ItemServiceMapping.TYPE;

	public static final EntityType ITEM_NON_INVENTORY = ItemNonInventoryMapping.TYPE;

	public static final EntityType CUSTOMER = CustomerMapping.TYPE;

	public static final EntityType VENDOR = VendorMapping.TYPE;

	public static final EntityType INVOICE = InvoiceMapping.TYPE;

	public static final EntityType RECEIVE_PAYMENT = ReceivePaymentMapping.TYPE;

	private static final List<EntityType> ALL = List.of(ACCOUNT, CLASS, STANDARD_TERMS, ITEM_SALES_TAX, ITEM_SERVICE,
			ITEM_NON_INVENTORY, CUSTOMER, VENDOR, INVOICE, RECEIVE_PAYMENT);

	private Entities() {
	}

	/** Every type, parents before the types that reference them. */
	public static List<EntityType> all() {
		return ALL;
	}

	public static Optional<EntityType> byName(String name) {
		return ALL.stream().filter((t) -> t.name().equals(name)).findFirst();
	}

}
