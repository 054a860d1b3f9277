package io.qbsync.qbxml.request;

import java.util.List;

/**
 * One request ready to go into a message ({@code <CustomerAddRq requestID="...">...}), or the reasons it cannot.
 *
 * @param requestId our id for it: QuickBooks echoes it on the answer
 * @param type the request element, e.g. {@code CustomerAddRq}
 * @param xml the request element, or null when an error stops it
 * @param issues what broke QuickBooks' rules (errors) or was changed to fit (warnings)
 */
public record QbxmlRequest(String requestId, String type, String xml, List<FieldIssue> issues) {

	public QbxmlRequest {
		issues = List.copyOf(issues);
	}

	public boolean sendable() {
		return this.xml != null;
	}

	public List<FieldIssue> errors() {
		return this.issues.stream().filter(FieldIssue::isError).toList();
	}

}
