package io.qbsync.sandbox;

/**
 * Thrown by {@link WebConnectorClient}'s typed methods when an answer is not one QBWC could use: a SOAP fault,
 * a non-200 status, a wrong content type, or a body without the expected namespace-qualified result.
 * The real Web Connector aborts the update in all of these cases.
 */
public class WebConnectorException extends RuntimeException {

	private final String operation;

	private final int status;

	private final String body;

	private final SoapFault fault;

	public WebConnectorException(String operation, String problem, int status, String body, SoapFault fault,
			Throwable cause) {
		super(operation + ": " + problem + " (HTTP " + status + ")" + (fault == null ? ""
				: " fault " + fault.faultCode() + ": " + fault.faultString()) + "\n--- body ---\n" + body, cause);
		this.operation = operation;
		this.status = status;
		this.body = body;
		this.fault = fault;
	}

	/** The SOAP operation that was called. */
	public String operation() {
		return operation;
	}

	/** HTTP status, or -1 when no answer was received. */
	public int status() {
		return status;
	}

	/** Raw response body (may be null). */
	public String body() {
		return body;
	}

	/** The SOAP fault, or null when the problem was something else. */
	public SoapFault fault() {
		return fault;
	}
}
