package io.qbsync.sandbox;

import java.util.Optional;

/** One raw HTTP answer from the server: status, Content-Type header (may be null) and body text. */
public record SoapResponse(int status, String contentType, String body) {

	/** The SOAP fault carried by the body, if any. */
	public Optional<SoapFault> fault() {
		return SoapFault.find(body);
	}

	/** True when the Content-Type is the SOAP 1.1 media type {@code text/xml} (parameters ignored). */
	public boolean isTextXml() {
		return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("text/xml");
	}
}
