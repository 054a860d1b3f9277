package io.qbsync.qbxml.response;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code *Rs} of a response read into memory by {@link QbxmlResponseReader#readAll}: its status and all
 * its objects. For small responses; stream big ones through a {@link ResponseHandler}.
 *
 * @param status the status attributes
 * @param objects the {@code *Ret} objects, in document order
 * @param deleted deleted-record entries (deleted-object queries, ListDel/TxnDel confirmations)
 */
public record QbResponse(QbResponseStatus status, List<QbObject> objects, List<DeletedObject> deleted) {

	public QbResponse {
		Objects.requireNonNull(status, "status");
		objects = List.copyOf(objects);
		deleted = List.copyOf(deleted);
	}

	public String requestId() {
		return status.requestId();
	}

	/** The response to the request with this requestID (the first, should QuickBooks repeat one). */
	public static Optional<QbResponse> forRequest(List<QbResponse> responses, String requestId) {
		return responses.stream().filter(r -> Objects.equals(r.requestId(), requestId)).findFirst();
	}

}
