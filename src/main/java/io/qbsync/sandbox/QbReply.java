package io.qbsync.sandbox;

/**
 * What QuickBooks hands back to the Web Connector for one request document: either a response document, or
 * (when the request processor itself failed) an empty response with a COM {@code hresult} and message.
 * These are exactly the {@code response}/{@code hresult}/{@code message} arguments of receiveResponseXML.
 */
public record QbReply(String response, String hresult, String message) {

	public static final String PARSE_ERROR = "0x80040400";

	public static final String PARSE_ERROR_MESSAGE = "QuickBooks found an error when parsing the provided XML text stream.";

	public static QbReply ok(String response) {
		return new QbReply(response, "", "");
	}

	public static QbReply failure(String hresult, String message) {
		return new QbReply("", hresult, message);
	}

	public boolean isFailure() {
		return hresult != null && !hresult.isEmpty();
	}
}
