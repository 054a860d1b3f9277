package io.qbsync.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.webconnector.ConnectorHealth;
import io.qbsync.webconnector.ConnectorStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Actuator's {@code connectors} health: which companies' Web Connectors are silent (longer than
 * {@code qbsync.notifications.silent-after} while items wait) or failing, with the reason. It stays UP: a customer's
 * PC being off does not make the server unhealthy; the details (shown to a signed-in admin) say who needs a call.
 */
@Component("connectors")
class StaleConnectorsHealth implements HealthIndicator {

	private final CompanyService companies;

	private final ConnectorHealth health;

	private final NotificationSettings settings;

	StaleConnectorsHealth(CompanyService companies, ConnectorHealth health, NotificationSettings settings) {
		this.companies = companies;
		this.health = health;
		this.settings = settings;
	}

	@Override
	public Health health() {
		List<Map<String, Object>> stale = new ArrayList<>();
		List<Map<String, Object>> failing = new ArrayList<>();
		int count = 0;
		for (Company company : this.companies.list()) {
			count++;
			ConnectorStatus status = this.health.of(company, this.settings.silentAfter());
			if (!status.needsAttention()) {
				continue;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", company.id());
			entry.put("name", company.name());
			entry.put("lastCheckIn", text(status.lastCheckInAt()));
			entry.put("waiting", status.waiting());
			entry.put("pending", status.pending());
			entry.put("reason", status.headline());
			((status.condition() == ConnectorStatus.Condition.SILENT) ? stale : failing).add(entry);
		}
		return Health.up()
			.withDetail("companies", count)
			.withDetail("silentAfter", this.settings.silentAfter().toString())
			.withDetail("stale", stale)
			.withDetail("failing", failing)
			.build();
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : "never";
	}

}
