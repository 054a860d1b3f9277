package io.qbsync.qbxml.request;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes text QuickBooks Desktop can store. QuickBooks keeps Latin-1 only: anything else comes back as "?" or breaks
 * the request. Typographic quotes, dashes and spaces (which word processors and phones put everywhere) become their
 * plain forms; compatibility forms (full-width letters, ligatures) are unfolded; what still is not Latin-1 is
 * reported, never dropped silently.
 */
final class Latin1Text {

	private static final Map<Integer, String> PLAIN = Map.ofEntries(Map.entry(0x2018, "'"), Map.entry(0x2019, "'"),
			Map.entry(0x201A, "'"), Map.entry(0x201B, "'"), Map.entry(0x2032, "'"), Map.entry(0x201C, "\""),
			Map.entry(0x201D, "\""), Map.entry(0x201E, "\""), Map.entry(0x201F, "\""), Map.entry(0x2033, "\""),
			Map.entry(0x2010, "-"), Map.entry(0x2011, "-"), Map.entry(0x2012, "-"), Map.entry(0x2013, "-"),
			Map.entry(0x2014, "-"), Map.entry(0x2015, "-"), Map.entry(0x2212, "-"), Map.entry(0x2026, "..."),
			Map.entry(0x2022, "*"), Map.entry(0x2122, "(TM)"), Map.entry(0x20AC, "EUR"), Map.entry(0x00A0, " "),
			Map.entry(0x2002, " "), Map.entry(0x2003, " "), Map.entry(0x2009, " "), Map.entry(0x202F, " "),
			Map.entry(0x200B, ""), Map.entry(0xFEFF, ""));

	/** The cleaned text, or the characters that cannot be kept (and line breaks where none are allowed). */
	record Result(String text, Set<String> unmappable, boolean lineBreak) {

		boolean ok() {
			return this.unmappable.isEmpty() && !this.lineBreak;
		}

		String unmappableList() {
			return this.unmappable.stream().map((c) -> "\"" + c + "\"").collect(Collectors.joining(", "));
		}

	}

	private Latin1Text() {
	}

	static Result clean(String value, boolean lineBreaksAllowed) {
		String text = Normalizer.normalize(value, Normalizer.Form.NFC);
		StringBuilder out = new StringBuilder(text.length());
		Set<String> unmappable = new LinkedHashSet<>();
		boolean lineBreak = false;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			String plain = PLAIN.get(cp);
			if (plain != null) {
				out.append(plain);
			}
			else if (cp == '\n' || cp == '\r') {
				lineBreak |= !lineBreaksAllowed;
				out.appendCodePoint(cp);
			}
			else if (cp == '\t') {
				out.append(lineBreaksAllowed ? "\t" : " ");
			}
			else if (isKept(cp)) {
				out.appendCodePoint(cp);
			}
			else {
				String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
				if (!folded.isEmpty() && folded.codePoints().allMatch(Latin1Text::isKept)) {
					out.append(folded);
				}
				else {
					unmappable.add(new String(Character.toChars(cp)));
				}
			}
		}
		return new Result(out.toString(), unmappable, lineBreak);
	}

	/** Printable Latin-1: no control characters (C0 or C1). */
	private static boolean isKept(int cp) {
		return (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF);
	}

}
