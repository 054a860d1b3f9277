package io.qbsync.sandbox;

/** Thrown inside a request handler to answer that request with a non-zero status and no Ret. */
public class QbStatusException extends RuntimeException {

	private final QbStatus status;

	public QbStatusException(QbStatus status) {
		super(status.code() + " " + status.message());
		this.status = status;
	}

	public QbStatus status() {
		return status;
	}
}
