package io.qbsync.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.CompanySettings;
import io.qbsync.webconnector.ConnectorHealth;
import io.qbsync.webconnector.ConnectorStatus;
import io.qbsync.wizard.ItemSummaries;
import io.qbsync.wizard.ItemSummaries.FailedItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Decides who is told what: a company whose Web Connector has been silent longer than {@code silent-after} while
 * items wait, or whose Unsynced Entities grew, gets one notice per condition; every company with something to look
 * at gets one daily digest a day (the article's "check daily"). What was sent is remembered in
 * {@link Notifications}, so a condition is announced once, however often the jobs run and on however many nodes.
 */
@Service
class Notifier {

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	private final CompanyService companies;

	private final ConnectorHealth health;

	private final Notifications sent;

	private final ItemSummaries items;

	private final NotificationChannels channels;

	private final NotificationSettings settings;

	private final String pages;

	Notifier(CompanyService companies, ConnectorHealth health, Notifications sent, ItemSummaries items,
			NotificationChannels channels, NotificationSettings settings, CompanySettings companySettings) {
		this.companies = companies;
		this.health = health;
		this.sent = sent;
		this.items = items;
		this.channels = channels;
		this.settings = settings;
		String base = settings.pageUrl().isBlank() ? companySettings.publicUrl().toString() : settings.pageUrl().strip();
		this.pages = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** Announces each company's new silence or new Unsynced Entities. Answers how many notices went out. */
	int checkAll(Instant now) {
		if (!this.channels.configured()) {
			return 0;
		}
		int count = 0;
		for (Company company : this.companies.list()) {
			try {
				count += silence(company, now) ? 1 : 0;
				count += unsynced(company, now) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				log.warn("Could not check company {} for notifications", company.id(), ex);
			}
		}
		return count;
	}

	/** Sends today's digest to each company with something to look at. Answers how many went out. */
	int digestAll(Instant now) {
		if (!this.channels.configured()) {
			return 0;
		}
		int count = 0;
		for (Company company : this.companies.list()) {
			try {
				count += digest(company, now) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				log.warn("Could not send the daily digest of company {}", company.id(), ex);
			}
		}
		return count;
	}

	private boolean silence(Company company, Instant now) {
		ConnectorStatus status = this.health.of(company, this.settings.silentAfter(), now);
		// silent: no check-in (since the company was added) for too long while items wait, failing or not
		Instant quietSince = (status.lastCheckInAt() != null) ? status.lastCheckInAt() : company.createdAt();
		boolean silent = (status.waiting() + status.pending()) > 0
				&& quietSince.plus(this.settings.silentAfter()).isBefore(now);
		if (!silent) {
			return false;
		}
		String key = "silent:" + ((status.lastCheckInAt() != null) ? status.lastCheckInAt().toEpochMilli() : "never");
		java.time.ZoneId zone = this.companies.timeZone(company.id()).orElse(null);
		String subject = "qbsync: the Web Connector of " + company.name()
				+ ((status.lastCheckInAt() != null) ? " has not run since " + ConnectorHealth.time(zone, status.lastCheckInAt())
						: " has never run");
		String text = status.headline() + "\n" + status.reason() + "\n\nWhat to do: " + status.fix()
				+ "\n\nQuickBooks Sync Report, Pending: " + page(company, "/report?tab=PENDING") + "\n";
		return send(new Notice(company, Notifications.Kind.CONNECTOR_SILENT, subject, text, now), key, null);
	}

	private boolean unsynced(Company company, Instant now) {
		Optional<Instant> announced = this.sent.unsyncedWatermark(company.id());
		FailedItems unsynced = this.items.failed(company.id(), announced.orElse(null));
		if (unsynced.since() == 0) {
			return false;
		}
		String subject = "qbsync: " + unsynced.since() + " new Unsynced Entit" + ((unsynced.since() == 1) ? "y" : "ies")
				+ " for " + company.name();
		String text = unsynced.since() + " record(s) of " + company.name() + " could not be synced into QuickBooks"
				+ (announced.isPresent() ? " since the last notice" : "") + "; " + unsynced.total()
				+ " in all wait in Unsynced Entities.\n\nWhat to do: open Unsynced Entities, read each row's code and "
				+ "message (the Status Code Guide has the steps), fix the record and click Resync. A record deleted "
				+ "in QuickBooks needs Clear ID.\n\nUnsynced Entities: " + page(company, "/unsynced") + "\n";
		return send(new Notice(company, Notifications.Kind.UNSYNCED_GREW, subject, text, now),
				"unsynced:" + unsynced.latest().toEpochMilli(), unsynced.latest());
	}

	private boolean digest(Company company, Instant now) {
		ConnectorStatus status = this.health.of(company, this.settings.silentAfter(), now);
		long unsynced = this.items.failed(company.id(), null).total();
		if (status.waiting() == 0 && status.pending() == 0 && unsynced == 0 && !status.needsAttention()) {
			return false;
		}
		LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
		List<String> lines = new ArrayList<>();
		lines.add("The daily check for " + company.name() + ", " + day + ":");
		lines.add("");
		lines.add("- Sync Wizard: " + status.waiting() + " item(s) to approve. " + page(company, "/wizard"));
		lines.add("- Pending: " + status.pending() + " approved item(s) waiting for the Web Connector. "
				+ page(company, "/report?tab=PENDING"));
		lines.add("- Unsynced Entities: " + unsynced + " record(s) QuickBooks refused. " + page(company, "/unsynced"));
		lines.add("- Web Connector: " + status.headline());
		if (status.needsAttention()) {
			lines.add("  " + status.reason());
			lines.add("  What to do: " + status.fix());
		}
		String subject = "qbsync daily check: " + company.name()
				+ (status.needsAttention() ? " (the Web Connector needs attention)" : "");
		return send(new Notice(company, Notifications.Kind.DAILY_DIGEST, subject, String.join("\n", lines) + "\n", now),
				"digest:" + day, null);
	}

	private boolean send(Notice notice, String key, Instant watermark) {
		Optional<Long> claimed = this.sent.claim(notice.company().id(), notice.kind(), key, watermark, notice.subject(),
				notice.at());
		if (claimed.isEmpty()) {
			return false;
		}
		NotificationChannels.Delivered delivered = this.channels.send(notice);
		if (!delivered.reachedAnyone()) {
			this.sent.giveBack(claimed.get());
			return false;
		}
		this.sent.sent(claimed.get(), String.join(", ", delivered.mailedTo()), delivered.webhook());
		log.info("Notified company {}: {}", notice.company().id(), notice.subject());
		return true;
	}

	private String page(Company company, String path) {
		return this.pages + "/companies/" + company.id() + path;
	}

}
