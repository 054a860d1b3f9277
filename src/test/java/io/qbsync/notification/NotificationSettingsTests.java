package io.qbsync.notification;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Bad notification settings stop the application with a message that names the key and says what is wanted. */
class NotificationSettingsTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NotificationSettings.class)
	static class Bound {

	}

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

	@Test
	void theDefaultsSendNothingAnywhereButAreValid() {
		this.context.run((c) -> {
			NotificationSettings settings = c.getBean(NotificationSettings.class);
			assertThat(settings.webhook()).isNull();
			assertThat(settings.alsoTo()).isEmpty();
			assertThat(settings.silentAfter()).isEqualTo(Duration.ofHours(6));
		});
	}

	@Test
	void aWebhookUrlThatIsNotHttpIsRefusedNamingTheKey() {
		this.context.withPropertyValues("qbsync.notifications.webhook-url=ftp://hooks.example.com/qbsync")
			.run((c) -> assertThat(c).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("qbsync.notifications.webhook-url must be an http or https address with a host")
				.hasMessageContaining("ftp://hooks.example.com/qbsync"));
	}

	@Test
	void anUnreadableWebhookUrlAndABadAddressAreBothReported() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotificationSettings("qbsync@example.com", Duration.ofHours(6),
					List.of("office@example.com", "Office Manager <office@example>", "not-an-address"),
					"http://hooks example.com/x", Duration.ofSeconds(10), ""))
			.withMessageContaining("qbsync.notifications.webhook-url is not a valid address")
			.withMessageContaining("also-to: 'Office Manager <office@example>' is not an e-mail address")
			.withMessageContaining("also-to: 'not-an-address' is not an e-mail address")
			.withMessageNotContaining("'office@example.com'");
	}

	@Test
	void aSenderThatIsNoAddressAndANonPositiveWaitAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotificationSettings("qbsync", Duration.ZERO, List.of(), "", Duration.ofSeconds(10),
					""))
			.withMessageContaining("qbsync.notifications.from must be one e-mail address")
			.withMessageContaining("qbsync.notifications.silent-after must be a positive time");
	}

	@Test
	void aGoodWebhookUrlIsTaken() {
		NotificationSettings settings = new NotificationSettings("qbsync@example.com", Duration.ofHours(2),
				List.of("office@example.com"), " https://hooks.example.com/qbsync ", Duration.ofSeconds(5), "");
		assertThat(settings.webhook()).hasToString("https://hooks.example.com/qbsync");
	}

}
