package io.qbsync.qbxml.response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.qbsync.qbxml.SecureXml;

/**
 * Throughput of {@link QbxmlResponseReader} next to a bare StAX pass ({@code next()} to the end, nothing else)
 * over the same in-memory response, in MB (10^6 bytes of UTF-8) per second. A plain main, not a test: nothing
 * runs it during {@code mvn verify}.
 * <p>
 * The document is generated once by {@link GeneratedResponse} (default 15000 customers + 6500 invoices of three
 * lines, about 52 MB) and kept both as a String (the Web Connector hands us a String) and as UTF-8 bytes. Each
 * variant runs {@code warmup} untimed rounds, then {@code rounds} timed rounds, interleaved so that background
 * load hits all variants alike; min and median are printed.
 * <p>
 * Run (it needs nothing but the JDK and the compiled classes):
 *
 * <pre>
 * ./mvnw -o -q test-compile
 * java -Xmx2g -cp target/test-classes:target/classes io.qbsync.qbxml.response.ResponseParseBenchmark [customers invoices warmup rounds]
 * </pre>
 */
public final class ResponseParseBenchmark {

	/** One thing to time; returns a count so the work cannot be optimised away. */
	private interface Variant {

		long run();

	}

	private ResponseParseBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int customers = args.length > 0 ? Integer.parseInt(args[0]) : 15_000;
		int invoices = args.length > 1 ? Integer.parseInt(args[1]) : 6_500;
		int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;

		String document = GeneratedResponse.build(customers, invoices);
		byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
		double megabytes = bytes.length / 1e6;
		int expectedObjects = customers + invoices;
		System.out.printf("document: %.1f MB, %d objects (%d customers, %d invoices x %d lines)%n", megabytes,
				expectedObjects, customers, invoices, GeneratedResponse.LINES_PER_INVOICE);
		System.out.printf("machine: %d CPUs, Java %s (%s), max heap %d MB, load average %s%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, loadAverage());

		String[] names = { "bare StAX, String", "QbxmlResponseReader, String", "bare StAX, UTF-8 bytes",
				"QbxmlResponseReader, UTF-8 bytes" };
		Variant[] variants = { () -> bareStax(document, null), () -> reader(document, null, expectedObjects),
				() -> bareStax(null, bytes), () -> reader(null, bytes, expectedObjects) };
		long[][] nanos = new long[variants.length][rounds];
		for (int round = -warmup; round < rounds; round++) {
			for (int v = 0; v < variants.length; v++) {
				long start = System.nanoTime();
				long work = variants[v].run();
				long elapsed = System.nanoTime() - start;
				if (work <= 0) {
					throw new IllegalStateException(names[v] + " did nothing");
				}
				if (round >= 0) {
					nanos[v][round] = elapsed;
				}
			}
		}
		System.out.printf("%-34s %12s %12s %14s%n", "variant", "best MB/s", "median MB/s", "median ms");
		for (int v = 0; v < variants.length; v++) {
			long[] sorted = nanos[v].clone();
			Arrays.sort(sorted);
			long best = sorted[0];
			long median = sorted[sorted.length / 2];
			System.out.printf("%-34s %12.1f %12.1f %14.1f%n", names[v], megabytes / (best / 1e9),
					megabytes / (median / 1e9), median / 1e6);
		}
	}

	/** Every event, nothing looked at: the floor any StAX-based reader stands on. */
	private static long bareStax(String text, byte[] bytes) {
		try {
			XMLStreamReader xml = text != null ? SecureXml.inputFactory().createXMLStreamReader(new StringReader(text))
					: SecureXml.inputFactory().createXMLStreamReader(new ByteArrayInputStream(bytes));
			long events = 0;
			while (xml.hasNext()) {
				xml.next();
				events++;
			}
			xml.close();
			return events;
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The full reader with a handler that touches what a sync job would use. */
	private static long reader(String text, byte[] bytes, int expectedObjects) {
		long[] seen = new long[2];
		ResponseHandler handler = new ResponseHandler() {
			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				seen[0]++;
				seen[1] += object.id().length() + object.editSequence().length() + object.fields().size()
						+ object.lines().size() + (object.timeModified() == null ? 0 : 1);
			}
		};
		if (text != null) {
			QbxmlResponseReader.read(new StringReader(text), handler);
		}
		else {
			QbxmlResponseReader.read(new ByteArrayInputStream(bytes), handler);
		}
		if (seen[0] != expectedObjects) {
			throw new IllegalStateException("read " + seen[0] + " objects, expected " + expectedObjects);
		}
		return seen[1];
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

}
