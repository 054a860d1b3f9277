package io.qbsync.webconnector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * How a Web Connector call shows it comes from qbsync's own built-in Web Connector (the one that serves sandbox
 * companies): it carries {@link #HEADER} with a random key made when this process started and never stored or shown
 * anywhere. Only such a call may log in as a sandbox company, so a real Web Connector can never be served one.
 */
@Component
public class BuiltInClient {

	public static final String HEADER = "X-Qbsync-Built-In-Client";

	private final String key;

	BuiltInClient() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		this.key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The value the built-in Web Connector sends in {@link #HEADER}. */
	public String key() {
		return this.key;
	}

	boolean presentedBy(String headerValue) {
		return headerValue != null && MessageDigest.isEqual(headerValue.getBytes(StandardCharsets.UTF_8),
				this.key.getBytes(StandardCharsets.UTF_8));
	}

}
