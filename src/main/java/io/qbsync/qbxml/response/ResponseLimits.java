package io.qbsync.qbxml.response;

/**
 * Caps on what one object (one {@code *Ret} with its lines) may hold while it is being read. The document as a
 * whole is unbounded: objects are handed over one at a time and forgotten.
 *
 * @param maxTextLength longest text of one field (and of a status message), in chars
 * @param maxFieldsPerObject leaf fields of one object, its lines included
 * @param maxLinesPerObject lines of one object, nested lines (group members, DataExt of a line) included
 * @param maxDepth deepest element nesting in the document
 */
public record ResponseLimits(int maxTextLength, int maxFieldsPerObject, int maxLinesPerObject, int maxDepth) {

	/**
	 * Far above anything QuickBooks produces (its longest strings are 4095 chars, an invoice rarely has more than
	 * a few hundred lines) and small enough that one object stays in the low megabytes.
	 */
	public static final ResponseLimits DEFAULTS = new ResponseLimits(1 << 20, 100_000, 10_000, 64);

	public ResponseLimits {
		if (maxTextLength < 1 || maxFieldsPerObject < 1 || maxLinesPerObject < 0 || maxDepth < 4) {
			throw new IllegalArgumentException("limits too small: " + maxTextLength + "/" + maxFieldsPerObject + "/"
					+ maxLinesPerObject + "/" + maxDepth);
		}
	}

}
