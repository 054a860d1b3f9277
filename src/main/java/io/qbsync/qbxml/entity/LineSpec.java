package io.qbsync.qbxml.entity;

import java.util.List;

/**
 * The repeated lines of a transaction: invoice lines, or the invoices a payment is applied to.
 *
 * @param addElement the line element in an Add ({@code InvoiceLineAdd})
 * @param modElement the line element in a Mod ({@code InvoiceLineMod})
 * @param retElement the line element in a Ret ({@code InvoiceLineRet})
 * @param modKey the element that identifies a line in a Mod ({@code TxnLineID}, or {@code TxnID} for applied
 * payments) and our name for its value
 * @param newLineKey the key value for a line QuickBooks does not have yet ({@code -1}), or null when every line must
 * name an existing object
 * @param addFields the line's fields in an Add, in schema order
 * @param modFields the line's fields in a Mod, in schema order (after the key)
 * @param readFields the line's fields in a Ret
 * @param whenNoLinesOnAdd an element written instead of lines when an Add has none (e.g. {@code IsAutoApply=true}),
 * or null when lines are optional
 */
public record LineSpec(String addElement, String modElement, String retElement, Field modKey, String newLineKey,
		List<Field> addFields, List<Field> modFields, List<Field> readFields, Field whenNoLinesOnAdd) {

	/** Our name for a record's lines. */
	public static final String LINES = "lines";

	public LineSpec {
		addFields = List.copyOf(addFields);
		modFields = List.copyOf(modFields);
		readFields = List.copyOf(readFields);
	}

}
