package io.qbsync.qbxml.response;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A repeated aggregate inside an object: a transaction line ({@code InvoiceLineRet}, {@code InvoiceLineGroupRet},
 * {@code AppliedToTxnRet}, ...), a {@code LinkedTxn}, a {@code DataExtRet}, or any other nested {@code *Ret}.
 * Lines nest: a group line holds its member lines, an invoice line its own {@code DataExtRet}s.
 *
 * @param element the element name as sent, e.g. {@code InvoiceLineRet}
 * @param txnLineId the line's TxnLineID, or null (AppliedToTxnRet and LinkedTxn carry the other
 *        transaction's TxnID instead, found in {@link #fields()})
 * @param fields every leaf below the line in document order, keyed by its path relative to the line, e.g.
 *        {@code ItemRef/FullName}; a repeated aggregate's second occurrence is {@code Name[2]/...}
 * @param lines nested lines in document order
 */
public record QbLine(String element, String txnLineId, Map<String, String> fields, List<QbLine> lines) {

	public QbLine {
		Objects.requireNonNull(element, "element");
		Objects.requireNonNull(fields, "fields");
		Objects.requireNonNull(lines, "lines");
	}

	/** The text of a field, or null when absent. */
	public String field(String path) {
		return fields.get(path);
	}

	/** The nested lines with the given element name. */
	public List<QbLine> lines(String element) {
		return lines.stream().filter(l -> l.element.equals(element)).toList();
	}

}
