package io.qbsync.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.qbsync.system.EmailAddresses;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notifications ({@code qbsync.notifications.*}). E-mail goes out only when an SMTP server is
 * configured ({@code spring.mail.host}, with {@code spring.mail.port}, {@code username}, {@code password}); the webhook
 * only when {@code webhook-url} is set. With neither, nothing is sent.
 *
 * @param from the sender of the e-mails
 * @param silentAfter how long without a Web Connector check-in, while items wait, before the admins are told (and
 * Actuator's health lists the company as stale)
 * @param alsoTo addresses that get every company's notifications, besides the admins with an e-mail address
 * @param webhookUrl an http(s) address each notification is POSTed to as JSON; empty for none
 * @param webhookTimeout how long a webhook call may take
 * @param pageUrl the address people open qbsync's pages at, for the links in the e-mails; empty: the company
 * module's public URL
 */
@ConfigurationProperties("qbsync.notifications")
public record NotificationSettings(@DefaultValue("qbsync@localhost") String from,
		@DefaultValue("6h") Duration silentAfter, @DefaultValue List<String> alsoTo, @DefaultValue("") String webhookUrl,
		@DefaultValue("10s") Duration webhookTimeout, @DefaultValue("") String pageUrl) {

	public NotificationSettings {
		List<String> problems = new ArrayList<>();
		if (!EmailAddresses.isValid(from)) {
			problems.add("qbsync.notifications.from must be one e-mail address such as qbsync@example.com, not '"
					+ from + "'");
		}
		for (String address : alsoTo) {
			if (!EmailAddresses.isValid(address)) {
				problems.add("qbsync.notifications.also-to: '" + address + "' is not an e-mail address (write one "
						+ "address per entry, such as office@example.com)");
			}
		}
		if (silentAfter == null || silentAfter.isNegative() || silentAfter.isZero()) {
			problems.add("qbsync.notifications.silent-after must be a positive time such as 6h, not " + silentAfter);
		}
		if (webhookTimeout == null || webhookTimeout.isNegative() || webhookTimeout.isZero()) {
			problems.add("qbsync.notifications.webhook-timeout must be a positive time such as 10s, not "
					+ webhookTimeout);
		}
		checkUrl("webhook-url", webhookUrl, problems);
		checkUrl("page-url", pageUrl, problems);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		alsoTo = List.copyOf(alsoTo);
	}

	/** The webhook's address, when one is set. */
	URI webhook() {
		return webhookUrl.isBlank() ? null : URI.create(webhookUrl.strip());
	}

	private static void checkUrl(String key, String url, List<String> problems) {
		if (url == null || url.isBlank()) {
			return;
		}
		try {
			URI uri = new URI(url.strip());
			if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					|| uri.getHost() == null) {
				problems.add("qbsync.notifications." + key + " must be an http or https address with a host, such as "
						+ "https://hooks.example.com/qbsync, not '" + url + "'");
			}
		}
		catch (URISyntaxException ex) {
			problems.add("qbsync.notifications." + key + " is not a valid address ('" + url + "': " + ex.getReason()
					+ ")");
		}
	}

}
