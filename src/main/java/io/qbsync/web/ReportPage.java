package io.qbsync.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.company.Company;
import io.qbsync.report.SyncReport;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Reports > QuickBooks Syncing > QuickBooks Sync Report: tabs Pending, Successful and Failed, searchable by name and
 * date, paged, with a chart of successful and failed syncs per day over the last 30 days (server-rendered SVG). The
 * Pending tab says why its items wait: the Web Connector's trouble, or when it runs next.
 */
@Controller
class ReportPage {

	/** One day's bars: heights in chart units (the tallest day is {@value #HEIGHT}). */
	record Bar(String day, long succeeded, long failed, int x, int okHeight, int failedHeight) {
	}

	static final int HEIGHT = 120;

	static final int WIDTH = 18;

	private final CompanyAccess access;

	private final Header header;

	private final SyncReport report;

	private final WebSettings settings;

	private final Clock clock;

	private final RecordNames names;

	ReportPage(CompanyAccess access, Header header, SyncReport report, WebSettings settings, Clock clock,
			RecordNames names) {
		this.names = names;
		this.access = access;
		this.header = header;
		this.report = report;
		this.settings = settings;
		this.clock = clock;
	}

	@GetMapping("/companies/{companyId}/report")
	String report(@PathVariable long companyId, @RequestParam(defaultValue = "SUCCEEDED") String tab,
			@RequestParam(required = false) String q,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "report");
		SyncReport.Tab shown = switch (tab) {
			case "PENDING" -> SyncReport.Tab.PENDING;
			case "FAILED" -> SyncReport.Tab.FAILED;
			default -> SyncReport.Tab.SUCCEEDED;
		};
		// the dates searched and the chart's days are the company's days (UTC days for a company without a time zone)
		String zoneName = String.valueOf(model.getAttribute("timeZone"));
		java.time.ZoneId zone = (zoneName.isEmpty() || "null".equals(zoneName)) ? ZoneOffset.UTC
				: java.time.ZoneId.of(zoneName);
		Instant fromAt = (from != null) ? from.atStartOfDay(zone).toInstant() : null;
		Instant toAt = (to != null) ? to.plusDays(1).atStartOfDay(zone).toInstant() : null;
		SyncReport.Page result = this.report.page(companyId, shown, fromAt, toAt, q, Math.max(0, page),
				this.settings.pageSize());
		model.addAttribute("tab", shown.name());
		model.addAttribute("pendingWhy", model.getAttribute("connector"));
		model.addAttribute("q", q);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("result", result);
		model.addAttribute("names", this.names.of(companyId, result.items().stream().map((i) -> i.recordId()).toList()));
		model.addAttribute("pages", Math.max(1, (result.total() + result.size() - 1) / result.size()));
		model.addAttribute("bars", bars(companyId, zone));
		model.addAttribute("chartHeight", HEIGHT);
		model.addAttribute("chartWidth", 30 * WIDTH);
		return "report";
	}

	/** The last 30 days, one pair of bars a day (successful up, failed stacked on top in red). */
	private List<Bar> bars(long companyId, java.time.ZoneId zone) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), zone);
		LocalDate first = today.minusDays(29);
		Map<String, SyncReport.Day> byDay = new HashMap<>();
		for (SyncReport.Day d : this.report.perDay(companyId, first.atStartOfDay(zone).toInstant(), zone)) {
			byDay.put(d.day(), d);
		}
		long max = Math.max(1, byDay.values().stream().mapToLong((d) -> d.succeeded() + d.failed()).max().orElse(1));
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String day = first.plusDays(i).toString();
			SyncReport.Day d = byDay.get(day);
			long ok = (d != null) ? d.succeeded() : 0;
			long failed = (d != null) ? d.failed() : 0;
			bars.add(new Bar(day, ok, failed, i * WIDTH, (int) (ok * HEIGHT / max), (int) (failed * HEIGHT / max)));
		}
		return bars;
	}

}
