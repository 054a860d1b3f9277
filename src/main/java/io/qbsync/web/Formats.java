package io.qbsync.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Dates and times as the pages show them ({@code ${@formats.when(...)}}): in the time zone of the company the page is
 * about, when it has one ("2026-11-26 09:05 EST"), otherwise in UTC, and saying so ("2026-11-26 14:05 UTC").
 */
@Component("formats")
class Formats {

	/** The request attribute that holds the zone of the company a page shows ({@link Header} sets it). */
	static final String ZONE = Formats.class.getName() + ".zone";

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.US);

	private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.US);

	public String when(Instant instant) {
		if (instant == null) {
			return "";
		}
		ZoneId zone = zone();
		if (zone == null) {
			return WHEN.format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
		}
		return WHEN.format(instant.atZone(zone)) + " " + ZONE_NAME.format(instant.atZone(zone));
	}

	/** A time the job repository keeps in the server's own zone. */
	public String when(LocalDateTime time) {
		return (time != null) ? when(time.atZone(ZoneId.systemDefault()).toInstant()) : "";
	}

	/** Shows this request's times in {@code zone} (null: UTC). */
	static void showIn(ZoneId zone) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(ZONE, (zone != null) ? zone : ZoneOffset.UTC, RequestAttributes.SCOPE_REQUEST);
		}
	}

	private static ZoneId zone() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object zone = (request != null) ? request.getAttribute(ZONE, RequestAttributes.SCOPE_REQUEST) : null;
		return (zone instanceof ZoneId id && !ZoneOffset.UTC.equals(id)) ? id : null;
	}

}
