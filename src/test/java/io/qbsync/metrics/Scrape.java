package io.qbsync.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus} (Prometheus text format), read into its samples. */
record Scrape(List<Sample> samples) {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** A sample: its name (with _total, _bucket, _count... as scraped), labels and value. */
	record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... labels) {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(this.labels.get(labels[i]))) {
					return false;
				}
			}
			return true;
		}

	}

	static Scrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher m = SAMPLE.matcher(line);
			if (!m.find()) {
				throw new IllegalArgumentException("Not a sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (m.group(2) != null) {
				Matcher l = LABEL.matcher(m.group(2));
				while (l.find()) {
					labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
				}
			}
			samples.add(new Sample(m.group(1), labels, number(m.group(3))));
		}
		return new Scrape(samples);
	}

	private static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	/** Every sample name in the scrape. */
	Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((s) -> names.add(s.name()));
		return names;
	}

	/** The samples of a name with the given labels (name, value pairs). */
	List<Sample> all(String name, String... labels) {
		return this.samples.stream().filter((s) -> s.name().equals(name) && s.has(labels)).toList();
	}

	/** The one sample of a name with the given labels. */
	Optional<Sample> find(String name, String... labels) {
		List<Sample> found = all(name, labels);
		if (found.size() > 1) {
			throw new IllegalStateException(found.size() + " samples of " + name + " match " + List.of(labels));
		}
		return found.stream().findFirst();
	}

	/** The sum of the samples of a name with the given labels; 0 when there is none (a counter not yet counted). */
	double sum(String name, String... labels) {
		return all(name, labels).stream().mapToDouble(Sample::value).sum();
	}

}
