package io.qbsync.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no SMTP server and no webhook configured (the defaults), nothing is sent and nothing is recorded as sent; and
 * an admin's e-mail address is checked when the user is added.
 */
class NotificationsOffTests extends IntegrationTest {

	private final Notifier notifier;

	private final JdbcClient jdbc;

	NotificationsOffTests(@Autowired Notifier notifier, @Autowired JdbcClient jdbc) {
		this.notifier = notifier;
		this.jdbc = jdbc;
	}

	@Test
	void withoutSmtpOrWebhookNothingIsSentOrRemembered() {
		TestCompany company = TestCompanies.create(api(), TestCompanies.uniqueUsername("Unwatched"));
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Nobody Told\"}");
		steps.scanAndApproveAll(company);

		assertThat(this.notifier.checkAll(Instant.now().plus(Duration.ofDays(2)))).isZero();
		assertThat(this.notifier.digestAll(Instant.now())).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM notifications_sent WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void anAdminWithABadEmailAddressIsRefusedSayingSo() {
		var response = api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", TestCompanies.uniqueUsername("mailless"), "password", "notify-user-password-1",
					"role", "ADMIN", "email", "office at example.com"))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("email", "must be one e-mail address such as office@example.com");
	}

}
