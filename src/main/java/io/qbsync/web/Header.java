package io.qbsync.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.webconnector.ConnectorHealth;
import io.qbsync.webconnector.ConnectorStatus;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What every page's header shows: the Sync Wizard icon with the badge count of items waiting for approval, the
 * company switcher, and the Web Connector's last check-in ("3 h ago"), red when it is older than
 * {@code qbsync.web.check-in-warning} while items wait, or when its last run or login failed: then a banner says why in
 * plain words and what to do ({@link ConnectorHealth}).
 */
@Component
class Header {

	private final CompanyAccess access;

	private final ConnectorHealth health;

	private final WebSettings settings;

	private final Clock clock;

	private final CompanyService companies;

	Header(CompanyAccess access, ConnectorHealth health, WebSettings settings, Clock clock, CompanyService companies) {
		this.companies = companies;
		this.access = access;
		this.health = health;
		this.settings = settings;
		this.clock = clock;
	}

	void fill(Model model, Authentication user, Company company, String page) {
		model.addAttribute("me", user.getName());
		model.addAttribute("admin", CompanyAccess.isAdmin(user));
		model.addAttribute("companies", this.access.visible(user));
		model.addAttribute("company", company);
		model.addAttribute("page", page);
		if (company != null) {
			java.time.ZoneId zone = this.companies.timeZone(company.id()).orElse(null);
			Formats.showIn(zone);
			model.addAttribute("timeZone", (zone != null) ? zone.getId() : "");
			ConnectorStatus status = this.health.of(company, this.settings.checkInWarning());
			model.addAttribute("badge", status.waiting());
			Instant last = company.lastCheckInAt();
			model.addAttribute("checkIn", (last != null) ? ago(Duration.between(last, this.clock.instant())) : "never");
			model.addAttribute("checkInStale", status.needsAttention());
			model.addAttribute("connector", status);
		}
	}


	/** "just now", "12 min ago", "3 h ago", "2 days ago". */
	static String ago(Duration d) {
		long minutes = Math.max(0, d.toMinutes());
		if (minutes < 1) {
			return "just now";
		}
		if (minutes < 60) {
			return minutes + " min ago";
		}
		if (minutes < 48 * 60) {
			return (minutes / 60) + " h ago";
		}
		return (minutes / (24 * 60)) + " days ago";
	}

}
