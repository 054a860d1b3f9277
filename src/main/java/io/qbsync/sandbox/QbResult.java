package io.qbsync.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request handler produced: the status, extra attributes for the {@code ...Rs} element (iteratorID,
 * iteratorRemainingCount, ...) and the child elements (Rets or, for deletes, plain fields).
 */
public record QbResult(QbStatus status, Map<String, String> attributes, List<QbNode> content) {

	public QbResult {
		attributes = new LinkedHashMap<>(attributes == null ? Map.of() : attributes);
		content = List.copyOf(content == null ? List.of() : content);
	}

	public static QbResult ok(List<QbNode> content) {
		return new QbResult(QbStatus.OK, Map.of(), content);
	}

	public static QbResult ok(QbNode... content) {
		return ok(List.of(content));
	}

	public static QbResult of(QbStatus status) {
		return new QbResult(status, Map.of(), List.of());
	}
}
