package io.qbsync.load;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.qbsync.sandbox.WebConnectorClient;

/**
 * The {@link LoadBenchmark}'s attack, in a process of its own so that the benchmark's JVM holds the server and the
 * real Web Connectors only: wrong passwords for real usernames and for made-up ones, 9 MB bodies, and tickets that
 * are made up or belonged to sessions that ended. Each thread keeps an address of its own ({@code 203.0.113.N},
 * sent as {@code X-Forwarded-For}, which the server trusts from loopback).
 * <p>
 * Arguments: the endpoint, the number of threads, the real usernames (comma-separated). Standard input feeds it the
 * tickets of sessions that ended, one a line; when it closes, the attack stops and prints what it got back, one
 * line, {@code attack: N calls in S s: {what=count, ...}}.
 */
public final class LoadAttack {

	/** The oversized body, one for every thread. */
	private static final byte[] BIG = new byte[9 * 1024 * 1024];

	static {
		Arrays.fill(BIG, (byte) 'x');
	}

	private LoadAttack() {
	}

	public static void main(String[] args) throws Exception {
		URI endpoint = URI.create(args[0]);
		int threads = Integer.parseInt(args[1]);
		List<String> usernames = List.of(args[2].split(","));
		List<String> endedTickets = Collections.synchronizedList(new ArrayList<>());
		Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService attack = Executors.newFixedThreadPool(threads);
		long t0 = System.nanoTime();
		for (int a = 0; a < threads; a++) {
			String from = "203.0.113." + (a + 1);
			attack.submit(() -> attack(endpoint, from, usernames, endedTickets, done, tally));
		}
		try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (!line.isBlank()) {
					endedTickets.add(line.strip());
				}
			}
		}
		done.set(true);
		attack.shutdown();
		attack.awaitTermination(2, TimeUnit.MINUTES);
		int calls = tally.values().stream().mapToInt(AtomicInteger::get).sum();
		System.out.printf(java.util.Locale.ROOT, "attack: %d calls in %.0f s: %s%n", calls,
				(System.nanoTime() - t0) / 1e9, new TreeMap<>(tally));
		System.exit(0);
	}

	/**
	 * The oversized body, streamed from the one array with its length declared. The JDK's
	 * {@code BodyPublishers.ofByteArray} copies the whole body into buffers of its own for every request before
	 * sending it.
	 */
	private static HttpRequest.BodyPublisher oversized() {
		return HttpRequest.BodyPublishers.fromPublisher(
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BIG)), BIG.length);
	}

	/** One thread's loop: one kind of hostile call after another, from its own address. */
	private static void attack(URI endpoint, String from, List<String> usernames, List<String> endedTickets,
			AtomicBoolean done, Map<String, AtomicInteger> tally) {
		WebConnectorClient client = new WebConnectorClient(endpoint, Duration.ofSeconds(60)).from(from);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (!done.get()) {
			String what;
			try {
				what = switch (random.nextInt(4)) {
					case 0 -> "wrong password for a real username -> " + client
						.authenticate(usernames.get(random.nextInt(usernames.size())), "guess-" + random.nextInt())
						.get(1);
					case 1 -> "made-up username -> " + client.authenticate("nobody-" + random.nextInt(1000), "guess")
						.get(1);
					case 2 -> "9 MB body -> " + http.send(HttpRequest.newBuilder(endpoint)
						.header("Content-Type", "text/xml; charset=utf-8")
						.header("SOAPAction", "\"http://developer.intuit.com/authenticate\"")
						.header("X-Forwarded-For", from)
						.POST(oversized())
						.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
					default -> {
						String ticket = (!endedTickets.isEmpty() && random.nextBoolean())
								? endedTickets.get(random.nextInt(endedTickets.size())) : UUID.randomUUID().toString();
						String sent = client.sendRequestXML(ticket, "", "C:\\\\steal.QBW", "US", 13, 0);
						yield "stolen or made-up ticket -> "
								+ ((sent == null || sent.isEmpty()) ? "nothing" : "A DOCUMENT");
					}
				};
			}
			catch (Exception ex) {
				what = "error " + ex.getClass().getSimpleName();
			}
			tally.computeIfAbsent(what, (k) -> new AtomicInteger()).incrementAndGet();
		}
	}

}
