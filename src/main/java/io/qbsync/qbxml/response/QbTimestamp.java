package io.qbsync.qbxml.response;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A qbXML DATETIMETYPE as QuickBooks sent it (TimeCreated, TimeModified, TimeDeleted): the raw text, the
 * wall-clock time on the QuickBooks machine, and the offset QuickBooks printed after it.
 * <p>
 * QuickBooks prints the zone's <em>standard</em> offset all year: a record saved at 10:00 on a July morning
 * in New York comes back as {@code 10:00:00-05:00}, not {@code -04:00}. The offset is kept as given so the
 * text round-trips, but it is not a reliable instant; the local part is what QuickBooks compares
 * {@code FromModifiedDate} against, so incremental queries should send {@link #forQuery()}.
 *
 * @param raw the text as received (stripped of surrounding whitespace)
 * @param local the date and time without the offset
 * @param offset the printed offset, or null when QuickBooks sent none
 */
public record QbTimestamp(String raw, LocalDateTime local, ZoneOffset offset) {

	// YYYY-MM-DD[Thh[:mm[:ss[.fff]]]][±hh:mm|Z]; QuickBooks itself only emits full seconds with an offset.
	private static final Pattern FORMAT = Pattern.compile(
			"(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?(Z|[+-]\\d{2}:\\d{2})?");

	private static final DateTimeFormatter QUERY_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

	public QbTimestamp {
		Objects.requireNonNull(raw, "raw");
		Objects.requireNonNull(local, "local");
	}

	/**
	 * Reads a DATETIMETYPE (date only, or with time, with or without offset).
	 * @throws DateTimeException when the text is not one
	 */
	public static QbTimestamp parse(String text) {
		String raw = text.strip();
		Matcher m = FORMAT.matcher(raw);
		if (!m.matches()) {
			throw new DateTimeException("Not a qbXML date/time: '" + raw + "'");
		}
		int nanos = 0;
		if (m.group(7) != null) {
			nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
		}
		LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
				Integer.parseInt(m.group(3)), number(m.group(4)), number(m.group(5)), number(m.group(6)), nanos);
		String zone = m.group(8);
		ZoneOffset offset = zone == null ? null : "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone);
		return new QbTimestamp(raw, local, offset);
	}

	/** Like {@link #parse} but null for null, blank or malformed text. */
	public static QbTimestamp parseOrNull(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return parse(text);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int number(String digits) {
		return digits == null ? 0 : Integer.parseInt(digits);
	}

	/**
	 * The local wall-clock time without offset, e.g. {@code 2026-07-01T10:00:00}: the form to put in
	 * {@code FromModifiedDate} (QuickBooks compares it, inclusively, with its own local clock).
	 */
	public String forQuery() {
		return local.format(QUERY_FORMAT);
	}

	/** Whether QuickBooks printed an offset. */
	public boolean hasOffset() {
		return offset != null;
	}

	@Override
	public String toString() {
		return raw;
	}

}
