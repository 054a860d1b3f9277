package io.qbsync.qbxml;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A qbXML specification version such as 13.0, ordered numerically (so 2.1 &lt; 13.0, unlike strings). */
public record QbxmlVersion(int major, int minor) implements Comparable<QbxmlVersion> {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})");

	/** The US qbXML versions QuickBooks Desktop has shipped; 16.0 is the newest with a published schema. */
	public static final List<QbxmlVersion> KNOWN = List.of(of(1, 0), of(1, 1), of(2, 0), of(2, 1), of(3, 0), of(4, 0),
			of(4, 1), of(5, 0), of(6, 0), of(7, 0), of(8, 0), of(10, 0), of(11, 0), of(12, 0), of(13, 0), of(14, 0),
			of(15, 0), of(16, 0));

	public static final QbxmlVersion NEWEST = of(16, 0);

	public static QbxmlVersion of(int major, int minor) {
		return new QbxmlVersion(major, minor);
	}

	/** Parses "13.0" (surrounding blanks allowed); empty when the text is not a version. */
	public static Optional<QbxmlVersion> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher m = FORMAT.matcher(text.strip());
		return m.matches() ? Optional.of(of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
				: Optional.empty();
	}

	public boolean isKnown() {
		return KNOWN.contains(this);
	}

	/** The highest version in {@code offered} that does not exceed {@code cap}. */
	public static Optional<QbxmlVersion> highestUpTo(Collection<QbxmlVersion> offered, QbxmlVersion cap) {
		return offered.stream().filter((v) -> v.compareTo(cap) <= 0).max(QbxmlVersion::compareTo);
	}

	@Override
	public int compareTo(QbxmlVersion other) {
		return (this.major != other.major) ? Integer.compare(this.major, other.major)
				: Integer.compare(this.minor, other.minor);
	}

	@Override
	public String toString() {
		return this.major + "." + this.minor;
	}

}
