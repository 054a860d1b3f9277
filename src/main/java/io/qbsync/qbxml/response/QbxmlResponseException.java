package io.qbsync.qbxml.response;

/**
 * A qbXML response that cannot be read: empty, not XML, not a QBXML document, a DOCTYPE or entity reference, a
 * missing or garbled status attribute. Carries the parser's line and column when known.
 */
public class QbxmlResponseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public QbxmlResponseException(String message) {
		super(message);
	}

	public QbxmlResponseException(String message, Throwable cause) {
		super(message, cause);
	}

}
