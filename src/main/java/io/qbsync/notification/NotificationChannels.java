package io.qbsync.notification;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qbsync.system.AdminUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Where notifications go: an e-mail to the company's admins (and {@code also-to}) when an SMTP server is configured,
 * and a POST of JSON to the webhook when one is set.
 */
@Component
class NotificationChannels {

	private static final Logger log = LoggerFactory.getLogger(NotificationChannels.class);

	/** Where one notice went: the addresses it was mailed to, and whether the webhook took it. */
	record Delivered(List<String> mailedTo, boolean webhook) {

		boolean reachedAnyone() {
			return !this.mailedTo.isEmpty() || this.webhook;
		}

	}

	private final ObjectProvider<JavaMailSender> mail;

	private final AdminUsers users;

	private final NotificationSettings settings;

	private final RestClient webhook;

	NotificationChannels(ObjectProvider<JavaMailSender> mail, AdminUsers users, NotificationSettings settings) {
		this.mail = mail;
		this.users = users;
		this.settings = settings;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).build());
		requests.setReadTimeout(settings.webhookTimeout());
		this.webhook = RestClient.builder().requestFactory(requests).build();
	}

	/** Whether anything can be sent at all: an SMTP server or a webhook is configured. */
	boolean configured() {
		return this.mail.getIfAvailable() != null || this.settings.webhook() != null;
	}

	Delivered send(Notice notice) {
		return new Delivered(mail(notice), post(notice));
	}

	private List<String> mail(Notice notice) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return List.of();
		}
		Set<String> to = new LinkedHashSet<>(this.users.adminEmailsFor(notice.company().id()));
		to.addAll(this.settings.alsoTo());
		if (to.isEmpty()) {
			log.info("No e-mail for company {}: none of its admins has an e-mail address, and "
					+ "qbsync.notifications.also-to is empty", notice.company().id());
			return List.of();
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.settings.from());
		message.setTo(to.toArray(String[]::new));
		message.setSubject(notice.subject());
		message.setText(notice.text());
		try {
			sender.send(message);
			log.info("Mailed '{}' to {} address(es)", notice.subject(), to.size());
			return new ArrayList<>(to);
		}
		catch (MailException ex) {
			log.warn("Could not mail '{}': {}", notice.subject(), ex.getMessage());
			return List.of();
		}
	}

	private boolean post(Notice notice) {
		if (this.settings.webhook() == null) {
			return false;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", notice.kind().name().toLowerCase().replace('_', '-'));
		body.put("companyId", notice.company().id());
		body.put("companyName", notice.company().name());
		body.put("subject", notice.subject());
		body.put("text", notice.text());
		body.put("at", notice.at().toString());
		try {
			this.webhook.post()
				.uri(this.settings.webhook())
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.retrieve()
				.toBodilessEntity();
			return true;
		}
		catch (RestClientException ex) {
			log.warn("Webhook call for '{}' failed: {}", notice.subject(), ex.getMessage());
			return false;
		}
	}

}
