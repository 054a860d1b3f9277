package io.qbsync.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP client that behaves like a browser without JavaScript: keeps its session cookie, signs in through the
 * login form, and sends forms with the CSRF token of the page they came from.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final URI base;

	private final HttpClient http;

	private String lastPage = "";

	Browser(URI base) {
		this.base = base;
		this.http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	HttpResponse<String> get(String path) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.base.resolve(path)).GET().build());
		this.lastPage = response.body();
		return response;
	}

	/** Follows redirects of a GET, like a browser. */
	HttpResponse<String> open(String path) {
		HttpResponse<String> response = get(path);
		int hops = 0;
		while (response.statusCode() / 100 == 3 && hops++ < 5) {
			response = get(response.headers().firstValue("Location").orElseThrow());
		}
		return response;
	}

	/** Posts a form with the CSRF token of the last page read (or none when {@code withToken} is false). */
	HttpResponse<String> post(String path, boolean withToken, String... fields) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i + 1 < fields.length; i += 2) {
			pairs.add(enc(fields[i]) + "=" + enc(fields[i + 1]));
		}
		if (withToken) {
			Matcher m = CSRF.matcher(this.lastPage);
			if (!m.find()) {
				throw new IllegalStateException("The last page has no CSRF token");
			}
			pairs.add("_csrf=" + enc(m.group(1)));
		}
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
			.build());
	}

	boolean signIn(String username, String password) {
		get("/login");
		HttpResponse<String> response = post("/login", true, "username", username, "password", password);
		return response.statusCode() == 302
				&& !response.headers().firstValue("Location").orElse("").contains("error");
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			HttpRequest asBrowser = HttpRequest.newBuilder(request, (name, value) -> true)
				.setHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
				.build();
			return this.http.send(asBrowser, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

}
