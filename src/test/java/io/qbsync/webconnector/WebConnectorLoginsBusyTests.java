package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.qbsync.company.Companies;
import io.qbsync.company.Company;
import io.qbsync.delivery.Deliveries;
import io.qbsync.metrics.SyncMetrics;
import io.qbsync.quickbooks.ImportPlanner;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * A login no password check is free for (a storm holds them all) is told to come back later, not that it is invalid:
 * the Web Connector shows "nvu" to the bookkeeper as a failed login, however right the password.
 */
class WebConnectorLoginsBusyTests {

	private final Companies companies = mock(Companies.class);

	private final LoginThrottle throttle = mock(LoginThrottle.class);

	private final PasswordChecks passwords = mock(PasswordChecks.class);

	private final WebConnectorSessions sessions = mock(WebConnectorSessions.class);

	@Test
	void aLoginTheServerIsTooBusyToCheckIsToldToComeBackLaterAndIsNotCounted() {
		when(this.throttle.begin(any(), any(), anyBoolean(), any()))
			.thenReturn(new LoginThrottle.Attempt(true, 0, Duration.ZERO, 0, 0));
		when(this.companies.findByUsername("office")).thenReturn(Optional.of(mock(Company.class)));
		when(this.companies.passwordHash(anyLong())).thenReturn(Optional.of("{bcrypt}stored"));
		when(this.passwords.matches(any(), any(), any())).thenReturn(Optional.empty());

		assertThat(logins().authenticate("office", "the password", "198.51.100.7", false))
			.containsExactly("", "none", "420");
		verify(this.throttle).uncount(eq("office"), any());
		verifyNoInteractions(this.sessions);
	}

	private WebConnectorLogins logins() {
		WebConnectorSettings settings = new WebConnectorSettings(Duration.ofMinutes(20), "2.1.0.30", "2.3.0.36", 3,
				Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofMinutes(15), 100, 20, 2, 2, 1, Duration.ofSeconds(5),
				200, Duration.ofMinutes(7), 8, Duration.ofSeconds(60), 30, 1);
		return new WebConnectorLogins(this.companies, this.sessions, this.throttle, new CappedAddresses(settings, mock(RefusedLogins.class)),
				new ProvenAddresses(this.throttle, Clock.systemUTC()), this.passwords,
				mock(ImportPlanner.class), mock(Deliveries.class), mock(NextDocument.class), mock(SessionEnds.class),
				mock(PasswordEncoder.class), mock(PlatformTransactionManager.class), settings, mock(SyncMetrics.class),
				Clock.systemUTC());
	}

}
