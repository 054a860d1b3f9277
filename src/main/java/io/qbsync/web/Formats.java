package io.qbsync.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Dates and times as the pages show them ({@code ${@formats.when(...)}}): "2026-11-26 14:05 UTC". */
@Component("formats")
class Formats {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	public String when(Instant instant) {
		return (instant != null) ? WHEN.format(instant.atOffset(ZoneOffset.UTC)) + " UTC" : "";
	}

	public String when(LocalDateTime time) {
		return (time != null) ? WHEN.format(time) : "";
	}

}
