package io.qbsync.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP server on 127.0.0.1 (random port) for testing the harness: it records every request and answers
 * with whatever the test's responder returns.
 */
final class RecordingSoapServer implements AutoCloseable {

	/** A received HTTP request; header names are case-insensitive. */
	record Received(String method, String path, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name);
		}
	}

	/** What to send back. */
	record Answer(int status, String contentType, String body) {

		static Answer xml(String body) {
			return new Answer(200, "text/xml; charset=utf-8", body);
		}
	}

	private final HttpServer server;

	private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

	private volatile Function<Received, Answer> responder = r -> Answer.xml("");

	static {
		// Without it the JDK server's small writes meet delayed ACKs: ~40 ms per call.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	RecordingSoapServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
			received.add(r);
			Answer a;
			try {
				a = responder.apply(r);
			}
			catch (RuntimeException e) {
				a = new Answer(500, "text/plain", "responder failed: " + e);
			}
			byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
			if (a.contentType() != null) {
				exchange.getResponseHeaders().set("Content-Type", a.contentType());
			}
			exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/qbwc");
	}

	void respond(Function<Received, Answer> r) {
		this.responder = r;
	}

	List<Received> received() {
		return List.copyOf(received);
	}

	Received last() {
		return received.get(received.size() - 1);
	}

	/** A SOAP 1.1 envelope around {@code <op>Response><op>Result>resultXml</...>} in the Intuit namespace. */
	static String result(String operation, String resultXml) {
		return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
				+ "<soap:Body><" + operation + "Response xmlns=\"http://developer.intuit.com/\"><" + operation + "Result>"
				+ resultXml + "</" + operation + "Result></" + operation + "Response></soap:Body></soap:Envelope>";
	}

	static String fault(String code, String text) {
		return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
				+ "<soap:Fault><faultcode>" + code + "</faultcode><faultstring>" + text
				+ "</faultstring></soap:Fault></soap:Body></soap:Envelope>";
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
