package io.qbsync.qbxml.entity;

import java.util.List;

import static io.qbsync.qbxml.entity.Fields.V9;

/**
 * Payments received from customers (transactions), applied to their invoices. An Add must either name the invoices
 * it pays or let QuickBooks apply it (IsAutoApply); paying more than an invoice's balance is refused with 3210.
 */
final class ReceivePaymentMapping {

	static final Field CUSTOMER = Field.ref("customer", "CustomerRef", "customer", 209).asRequired();

	static final Field DATE = Field.of("date", "TxnDate", "payment date", FieldKind.DATE);

	static final Field REFERENCE = Field.text("reference", "RefNumber", "reference number", 20);

	static final Field AMOUNT = Field.of("amount", "TotalAmount", "amount", FieldKind.AMOUNT);

	static final Field METHOD = Field.ref("method", "PaymentMethodRef", "payment method", 31);

	static final Field MEMO = Field.text("memo", "Memo", "memo", 4095).withLineBreaks();

	static final Field INVOICE = Field.of("invoice", "TxnID", "invoice", FieldKind.ID).asRequired();

	static final Field APPLIED = Field.of("amount", "PaymentAmount", "amount applied", FieldKind.AMOUNT);

	static final LineSpec APPLIED_TO = new LineSpec("AppliedToTxnAdd", "AppliedToTxnMod", "AppliedToTxnRet",
			INVOICE.at("TxnID"), null, List.of(INVOICE, APPLIED), List.of(APPLIED),
			List.of(INVOICE, Field.of("amount", "Amount", "amount applied", FieldKind.AMOUNT)),
			Field.of("autoApply", "IsAutoApply", "apply automatically", FieldKind.BOOLEAN));

	static final EntityType TYPE = EntityType.transaction("ReceivePayment", "payment")
		.syncs(Direction.EXPORT, Direction.IMPORT)
		.dependsOn("Customer", "Invoice")
		.displayField("reference")
		.externalGuidSince(V9)
		.add(CUSTOMER, DATE, REFERENCE, AMOUNT, METHOD, MEMO, Fields.externalGuid(V9))
		.mod(Fields.optional(List.of(CUSTOMER, DATE, REFERENCE, AMOUNT, METHOD, MEMO)))
		.read(CUSTOMER, DATE, REFERENCE, AMOUNT, METHOD, MEMO,
				Field.of("unused", "UnusedPayment", "unapplied amount", FieldKind.AMOUNT), Fields.externalGuid(V9))
		.lines(APPLIED_TO)
		.build();

	private ReceivePaymentMapping() {
	}

}
