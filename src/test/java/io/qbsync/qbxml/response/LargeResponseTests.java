package io.qbsync.qbxml.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Memory acceptance: a ~105 MB query response streams through {@link QbxmlResponseReader} in a child JVM whose
 * heap is capped at 128 MB ({@code -Xmx128m}), via {@link LargeResponseParse}. The child's output (object count,
 * bytes, time, heap figures) is printed to the test log.
 */
class LargeResponseTests {

	@Test
	void aHundredMegabyteResponseParsesWithA128MegabyteHeap() throws IOException, InterruptedException {
		assertParsesWithin("128m", 128L * 1024 * 1024);
	}

	/** Not a requirement, a sharper proof that memory does not grow with the document: 16 MB are plenty. */
	@Test
	void theSameResponseParsesWithA16MegabyteHeap() throws IOException, InterruptedException {
		assertParsesWithin("16m", 16L * 1024 * 1024);
	}

	private static void assertParsesWithin(String xmx, long maxHeap) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"),
				LargeResponseParse.class.getName())
			.redirectErrorStream(true);
		long start = System.nanoTime();
		Process child = builder.start();
		boolean finished = child.waitFor(180, TimeUnit.SECONDS);
		if (!finished) {
			child.destroyForcibly();
		}
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.println("LargeResponseParse (child JVM, -Xmx" + xmx + ", " + millis + " ms wall): " + output);

		assertThat(finished).as("child finished in time").isTrue();
		assertThat(child.exitValue()).as(output).isZero();
		Map<String, String> result = parse(output);
		assertThat(result.get("objects")).isEqualTo(
				Integer.toString(LargeResponseParse.DEFAULT_CUSTOMERS + LargeResponseParse.DEFAULT_INVOICES));
		assertThat(result.get("lines"))
			.isEqualTo(Long.toString((long) LargeResponseParse.DEFAULT_INVOICES * GeneratedResponse.LINES_PER_INVOICE));
		assertThat(Long.parseLong(result.get("bytes"))).isGreaterThanOrEqualTo(100L * 1024 * 1024);
		assertThat(Long.parseLong(result.get("maxHeap"))).isLessThanOrEqualTo(maxHeap);
		assertThat(result.get("ok")).isEqualTo("true");
	}

	private static Map<String, String> parse(String output) {
		List<String> lines = output.lines().toList();
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : lines.get(lines.size() - 1).split(" ")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return values;
	}

}
