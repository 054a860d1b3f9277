package io.qbsync.singleops;

/** What an item is in QuickBooks: a service (ItemService) or a non-inventory part (ItemNonInventory). */
public enum ItemType {

	SERVICE, NON_INVENTORY

}
