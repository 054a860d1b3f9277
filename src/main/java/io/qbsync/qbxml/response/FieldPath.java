package io.qbsync.qbxml.response;

import java.util.HashMap;
import java.util.Map;

/**
 * A field path below an object or line element ({@code BillAddress/Addr1}), made once per document and shared
 * as the map key by every object that has the field.
 */
final class FieldPath {

	/** Distinct field paths remembered per document; beyond that, paths are still right, just not shared. */
	static final int MAX_CACHED_PATHS = 20_000;

	final String text;

	private Map<String, FieldPath> children;

	FieldPath(String text) {
		this.text = text;
	}

	FieldPath child(String name, int occurrence, ResponseParser parser) {
		String segment = occurrence == 1 ? name : name + "[" + occurrence + "]";
		FieldPath child = children == null ? null : children.get(segment);
		if (child == null) {
			child = new FieldPath(text.isEmpty() ? segment : text + "/" + segment);
			// an endless variety of element names must not grow the cache without bound
			if (parser.cachedPaths < MAX_CACHED_PATHS) {
				parser.cachedPaths++;
				if (children == null) {
					children = new HashMap<>();
				}
				children.put(segment, child);
			}
		}
		return child;
	}

}
