package io.qbsync.system;

/**
 * Text from unauthenticated callers (usernames typed into a login) made safe to put in a log line: line breaks and
 * other control characters are written as escapes, so a caller cannot forge log lines of its own.
 */
public final class LogSafe {

	private static final int MAX = 100;

	private LogSafe() {
	}

	/** The text with CR, LF, tabs and other control or line-separator characters escaped, cut to 100 characters. */
	public static String text(String text) {
		if (text == null) {
			return "null";
		}
		String cut = (text.length() > MAX) ? text.substring(0, MAX) : text;
		StringBuilder out = new StringBuilder(cut.length() + 8);
		for (int i = 0; i < cut.length(); i++) {
			char c = cut.charAt(i);
			switch (c) {
				case '\r' -> out.append("\\r");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				case '\\' -> out.append("\\\\");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return (text.length() > MAX) ? out.append("...").toString() : out.toString();
	}

}
