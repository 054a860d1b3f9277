package io.qbsync.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code ops/} use only metrics qbsync exports: every metric
 * name in their expressions is in a real scrape after a scripted sync.
 */
class MetricsFilesTests extends IntegrationTest {

	static final Path DASHBOARD = Path.of("ops/grafana/qbsync.json");

	static final Path ALERTS = Path.of("ops/prometheus/qbsync-alerts.yml");

	/** Words of PromQL that are not metric names (functions and aggregations are followed by a bracket instead). */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "bool", "offset", "inf", "nan");

	/** Label lists: by (...), without (...), on (...), ignoring (...), group_left (...), group_right (...). */
	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

	/** Grafana's label_values(metric, label): only the metric is one. */
	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

	@Autowired
	CompanyGauges gauges;

	@Test
	void everyMetricTheDashboardAndTheAlertsUseIsScraped() throws IOException {
		ScriptedSync.run(api(), endpoint(), "Metrics Files");
		this.gauges.refresh();
		Set<String> scraped = Scrape.parse(api().get().uri("/actuator/prometheus").retrieve().body(String.class))
			.names();

		Set<String> dashboard = dashboardMetrics();
		Set<String> alerts = alertMetrics();

		assertThat(dashboard).contains("qbsync_company_last_checkin_age_seconds", "qbsync_company_pending_items",
				"qbsync_company_oldest_pending_age_seconds", "qbsync_company_wizard_items", "qbsync_company_failed_items",
				"qbsync_company_info", "qbsync_quickbooks_requests_sent_total",
				"qbsync_quickbooks_requests_succeeded_total", "qbsync_quickbooks_requests_failed_total",
				"qbsync_webconnector_calls_seconds_bucket", "qbsync_jobs_seconds_count",
				"qbsync_delivery_settle_seconds_count");
		assertThat(scraped).containsAll(dashboard);
		assertThat(scraped).containsAll(alerts);
	}

	@Test
	void theAlertsCoverASilentConnectorAGrowingBacklogAndFailingDeliveries() throws IOException {
		Map<String, String> rules = alertRules();
		assertThat(rules).containsKeys("QbsyncWebConnectorSilent", "QbsyncBacklogGrowing", "QbsyncDeliveriesFailing");
		assertThat(metricNames(rules.get("QbsyncWebConnectorSilent")))
			.containsExactlyInAnyOrder("qbsync_company_last_checkin_age_seconds", "qbsync_company_pending_items");
		assertThat(metricNames(rules.get("QbsyncBacklogGrowing")))
			.containsExactlyInAnyOrder("qbsync_company_pending_items", "qbsync_company_oldest_pending_age_seconds");
		assertThat(metricNames(rules.get("QbsyncDeliveriesFailing"))).containsExactlyInAnyOrder(
				"qbsync_quickbooks_requests_failed_total", "qbsync_quickbooks_requests_sent_total");
	}

	@Test
	void metricNamesAreReadFromExpressionsWithoutFunctionsLabelsOrKeywords() {
		assertThat(metricNames("""
				histogram_quantile(0.95, sum by (le, operation) (rate(a_seconds_bucket{outcome!="ok", x=~"y|z"}[5m])))
				/ on (company) group_left (company_name) max by (company, company_name) (b_info)
				and b_total > 3 * 3600 unless c:recorded offset 5m
				"""))
			.containsExactlyInAnyOrder("a_seconds_bucket", "b_info", "b_total", "c:recorded");
		assertThat(metricNames("sum(rate(x_total[$__rate_interval])) / sum(rate(y_total[$__rate_interval]))"))
			.containsExactlyInAnyOrder("x_total", "y_total");
	}

	/** The metric names of a PromQL expression. */
	static Set<String> metricNames(String expression) {
		String rest = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ");
		rest = LABEL_LIST.matcher(rest).replaceAll(" ");
		rest = rest.replaceAll("\\boffset\\s+\\w+", " ");
		Set<String> names = new TreeSet<>();
		Matcher m = IDENTIFIER.matcher(rest);
		while (m.find()) {
			String word = m.group(1);
			if (!KEYWORDS.contains(word.toLowerCase())) {
				names.add(word);
			}
		}
		return names;
	}

	private static Set<String> dashboardMetrics() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		Set<String> names = new TreeSet<>();
		List<String> expressions = new ArrayList<>();
		dashboard.findValues("expr").forEach((e) -> expressions.add(e.asString()));
		assertThat(expressions).as("panel queries").hasSizeGreaterThan(10);
		expressions.forEach((e) -> names.addAll(metricNames(e)));
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			String query = variable.path("definition").asString("");
			Matcher m = LABEL_VALUES.matcher(query);
			if (m.find()) {
				names.add(m.group(1));
			}
		}
		return names;
	}

	private static Set<String> alertMetrics() throws IOException {
		Set<String> names = new TreeSet<>();
		alertRules().values().forEach((e) -> names.addAll(metricNames(e)));
		return names;
	}

	/** Alert name to expression. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> alertRules() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
		Map<String, String> rules = new java.util.LinkedHashMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				rules.put((String) rule.get("alert"), (String) rule.get("expr"));
			}
		}
		assertThat(rules).as("alert rules").isNotEmpty();
		return rules;
	}

}
