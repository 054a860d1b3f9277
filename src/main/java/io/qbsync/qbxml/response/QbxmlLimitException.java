package io.qbsync.qbxml.response;

/**
 * One object in a response is bigger than {@link ResponseLimits} allow (a huge field, too many lines or fields,
 * absurd nesting). Thrown instead of letting a single malformed object fill the heap.
 */
public class QbxmlLimitException extends QbxmlResponseException {

	private static final long serialVersionUID = 1L;

	public QbxmlLimitException(String message) {
		super(message);
	}

}
