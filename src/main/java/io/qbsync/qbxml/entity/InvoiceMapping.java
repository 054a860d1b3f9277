package io.qbsync.qbxml.entity;

import java.util.List;

import static io.qbsync.qbxml.entity.Fields.V9;

/**
 * Invoices (transactions) with their lines. RefNumber is the invoice number people see; QuickBooks does not keep it
 * unique, so it is never a key. In a Mod, once any line is sent the lines sent replace the stored ones: a kept line
 * is sent with its TxnLineID, a new one with TxnLineID -1.
 */
final class InvoiceMapping {

	static final Field CUSTOMER = Field.ref("customer", "CustomerRef", "customer", 209).asRequired();

	static final Field DATE = Field.of("date", "TxnDate", "invoice date", FieldKind.DATE);

	static final Field NUMBER = Field.text("number", "RefNumber", "invoice number", 11);

	static final Field DUE_DATE = Field.of("dueDate", "DueDate", "due date", FieldKind.DATE);

	static final Field MEMO = Field.text("memo", "Memo", "memo", 4095).withLineBreaks();

	static final Field ITEM = Field.ref("item", "ItemRef", "item", 159);

	static final Field DESCRIPTION = Field.text("description", "Desc", "line description", 4095).withLineBreaks();

	static final Field QUANTITY = Field.of("quantity", "Quantity", "quantity", FieldKind.QUANTITY);

	static final Field RATE = Field.of("rate", "Rate", "rate", FieldKind.PRICE);

	static final LineSpec LINES = new LineSpec("InvoiceLineAdd", "InvoiceLineMod", "InvoiceLineRet",
			Field.of("txnLineId", "TxnLineID", "line id", FieldKind.ID), "-1", List.of(ITEM, DESCRIPTION, QUANTITY, RATE),
			List.of(ITEM, DESCRIPTION, QUANTITY, RATE),
			List.of(ITEM, DESCRIPTION, QUANTITY, RATE, Field.of("amount", "Amount", "line amount", FieldKind.AMOUNT)),
			null);

	static final EntityType TYPE = EntityType.transaction("Invoice", "invoice")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.dependsOn("Customer", "ItemService", "ItemNonInventory")
		.displayField("number")
		.externalGuidSince(V9)
		.add(CUSTOMER, DATE, NUMBER, DUE_DATE, MEMO, Fields.externalGuid(V9))
		.mod(Fields.optional(List.of(CUSTOMER, DATE, NUMBER, DUE_DATE, MEMO)))
		.read(CUSTOMER, DATE, NUMBER, DUE_DATE, MEMO,
				Field.of("subtotal", "Subtotal", "subtotal", FieldKind.AMOUNT),
				Field.of("balanceRemaining", "BalanceRemaining", "balance due", FieldKind.AMOUNT),
				Field.of("paid", "IsPaid", "paid", FieldKind.BOOLEAN), Fields.externalGuid(V9))
		.lines(LINES)
		.build();

	private InvoiceMapping() {
	}

}
