package io.qbsync.singleops;

/**
 * The rules for an externalId, the host app's own id of a record: 1 to 100 printable characters, no leading or
 * trailing space, and none of {@code / \ ; %} (which cannot travel in a URL path segment).
 */
final class ExternalIds {

	static final int MAX_LENGTH = 100;

	static final String RULE = "must be 1 to " + MAX_LENGTH + " printable characters without / \\ ; % or leading or "
			+ "trailing spaces";

	private ExternalIds() {
	}

	/** What is wrong with {@code id}, or null when it is a valid externalId. */
	static String problem(String id) {
		if (id == null || id.isEmpty()) {
			return "is required: " + RULE;
		}
		if (id.codePointCount(0, id.length()) > MAX_LENGTH) {
			return "is longer than " + MAX_LENGTH + " characters";
		}
		if (id.equals(".") || id.equals("..") || id.startsWith(" ") || id.endsWith(" ")) {
			return RULE;
		}
		for (int i = 0; i < id.length();) {
			int c = id.codePointAt(i);
			if (!printable(c) || c == '/' || c == '\\' || c == ';' || c == '%') {
				return RULE;
			}
			i += Character.charCount(c);
		}
		return null;
	}

	private static boolean printable(int c) {
		if (c == ' ') {
			return true;
		}
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
					Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
				false;
			default -> true;
		};
	}

}
