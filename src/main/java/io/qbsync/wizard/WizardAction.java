package io.qbsync.wizard;

/** What approving a wizard item will do. */
public enum WizardAction {

	/** Create the record in QuickBooks. */
	ADD,
	/** Send the field-service app's changes to the linked QuickBooks record. */
	UPDATE,
	/** Delete the linked QuickBooks transaction. */
	DELETE,
	/** Make the linked QuickBooks list record inactive (QuickBooks refuses to delete list records in use). */
	INACTIVATE,
	/** Link the record to a QuickBooks record that already exists, instead of adding a duplicate. */
	LINK,
	/** Both sides changed since the last sync: the admin picks which version wins. */
	CONFLICT,
	/** A record made in QuickBooks, new to the field-service app. */
	NEW_IN_QUICKBOOKS,
	/** A linked record changed in QuickBooks. */
	CHANGED_IN_QUICKBOOKS,
	/** A linked record was deleted in QuickBooks. */
	DELETED_IN_QUICKBOOKS

}
