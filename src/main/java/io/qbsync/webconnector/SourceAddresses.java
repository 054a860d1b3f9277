package io.qbsync.webconnector;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Source addresses as the Web Connector's throttles count them: an IPv4 address on its own, an IPv6 address by its
 * /64. One IPv6 host usually holds a whole /64 (privacy addresses change within it every day), so a spray rotating
 * addresses inside one /64 is one address here, and a Web Connector whose address changes inside its /64 stays at
 * one usual address.
 */
final class SourceAddresses {

	/** The longest address stored (an IPv6 address in text). */
	static final int MAX_LENGTH = 45;

	/** What an IPv6 literal may hold; anything else is never handed to {@link InetAddress}, which could look it up. */
	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

	private SourceAddresses() {
	}

	/**
	 * The address as counted and stored: an IPv4 address (or an IPv4-mapped IPv6 one) as it is, an IPv6 address as
	 * its /64 ({@code 2001:db8:1:2::/64}), "unknown" for none, and anything else as given, cut to the column.
	 */
	static String of(String remoteAddress) {
		String address = (remoteAddress != null) ? remoteAddress.strip() : "";
		if (address.isEmpty()) {
			return "unknown";
		}
		if (address.indexOf(':') >= 0) {
			String literal = address.replace("[", "").replace("]", "");
			int zone = literal.indexOf('%');
			literal = (zone >= 0) ? literal.substring(0, zone) : literal;
			if (IPV6_LITERAL.matcher(literal).matches()) {
				try {
					InetAddress parsed = InetAddress.getByName(literal);
					if (parsed instanceof Inet6Address) {
						byte[] b = parsed.getAddress();
						return String.format("%x:%x:%x:%x::/64", word(b, 0), word(b, 2), word(b, 4), word(b, 6));
					}
					return parsed.getHostAddress();
				}
				catch (UnknownHostException ex) {
					// not an address after all: counted as given
				}
			}
		}
		return (address.length() > MAX_LENGTH) ? address.substring(0, MAX_LENGTH) : address;
	}

	/** Whether the address is this host's own (127.0.0.0/8, ::1); never looked up. */
	static boolean isLoopback(String remoteAddress) {
		String address = (remoteAddress != null) ? remoteAddress.strip() : "";
		if (address.startsWith("127.") && address.chars().allMatch((c) -> c == '.' || Character.isDigit(c))) {
			return true;
		}
		String literal = address.replace("[", "").replace("]", "");
		if (literal.indexOf(':') < 0 || !IPV6_LITERAL.matcher(literal).matches()) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Where the current Web Connector call came from: the servlet request's remote address, or null outside a call.
	 * Behind a reverse proxy that is the proxy's, unless the proxy is trusted
	 * ({@code server.forward-headers-strategy: native} with {@code server.tomcat.remoteip.internal-proxies}): then
	 * Tomcat puts the client's address from X-Forwarded-For there.
	 */
	static String current() {
		HttpServletRequest request = currentRequest();
		return (request != null) ? request.getRemoteAddr() : null;
	}

	/**
	 * The servlet request of the current Web Connector call, or null outside one. Read from the dispatcher servlet's
	 * request context, which is there for the calls Spring-WS answers and for those read from the envelope directly.
	 */
	static HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	private static int word(byte[] bytes, int at) {
		return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
	}

}
