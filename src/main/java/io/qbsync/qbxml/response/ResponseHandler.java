package io.qbsync.qbxml.response;

/**
 * Receives a qbXML response as {@link QbxmlResponseReader} reads it, one {@code *Rs} at a time and one object at
 * a time, so nothing needs to be kept beyond what the handler keeps. Every method defaults to doing nothing.
 * Exceptions thrown here stop the reading and reach the caller unchanged.
 * <p>
 * Order for each {@code *Rs}: {@link #onResponse}, then {@link #onObject}/{@link #onDeleted} for its content
 * in document order, then {@link #onResponseEnd}.
 */
public interface ResponseHandler {

	/** The start of a {@code *Rs}, with its status attributes (errors and warnings included). */
	default void onResponse(QbResponseStatus status) {
	}

	/** One {@code *Ret} object of the response {@code status} belongs to. */
	default void onObject(QbResponseStatus status, QbObject object) {
	}

	/** One deleted record of a ListDeletedQuery/TxnDeletedQuery, or the record a ListDel/TxnDel removed. */
	default void onDeleted(QbResponseStatus status, DeletedObject deleted) {
	}

	/** The end of a {@code *Rs}. */
	default void onResponseEnd(QbResponseStatus status) {
	}

}
