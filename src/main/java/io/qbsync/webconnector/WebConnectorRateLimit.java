package io.qbsync.webconnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A rate limit per source address (an IPv6 address by its /64) in front of {@code /qbwc}, ahead of everything else:
 * an address sends {@code address-call-burst} calls at once, then {@code address-calls-per-second}. An address that
 * proved lately to be a real Web Connector's ({@link ProvenAddresses}) is not limited, so a company's Web Connector
 * is never held back by it, nor an office or host running many. Nor is this host's own address: qbsync's built-in
 * Web Connector calls from there, and so does a proxy on this host that is not trusted with X-Forwarded-For, which
 * would prove itself at its first login anyway. A call over the limit is answered at once, its body unread.
 *
 * <p>
 * How it answers. The Web Connector does not retry within a session: a SOAP fault or any non-SOAP answer ends the
 * run, and it tries again at its next scheduled run. A SOAP fault (HTTP 500, as SOAP 1.1 sends faults) is shown to
 * the bookkeeper with its text (QBWC1012 "Authentication failed due to following error message" and the text, for
 * authenticate), while a bare HTTP 429 reaches them as a transport error with no word of ours. So the answer is a
 * fault that says what happened, with {@code Retry-After} for any other client.
 */
class WebConnectorRateLimit extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorRateLimit.class);

	private static final byte[] FAULT = Soap.faultEnvelope("Server", "qbsync is receiving more Web Connector calls "
			+ "from this address than it answers from an address that has not logged in lately. Nothing was read or "
			+ "changed. The Web Connector will try again at its next scheduled run; if this repeats, ask the qbsync "
			+ "administrator.");

	/** An address's calls left, when they were counted, and whether it was refused since it last got through. */
	private record Bucket(double calls, long at, boolean told) {
	}

	private final ProvenAddresses proven;

	private final double perNano;

	private final double burst;

	private final ExpiringMemory<String, Bucket> buckets;

	WebConnectorRateLimit(ProvenAddresses proven, WebConnectorSettings settings) {
		this.proven = proven;
		this.perNano = settings.addressCallsPerSecond() / 1e9;
		this.burst = Math.max(1, settings.addressCallBurst());
		// an address idle this long has its whole burst again: its bucket can go
		long refill = (long) Math.ceil(this.burst / Math.max(settings.addressCallsPerSecond(), 1e-3));
		this.buckets = new ExpiringMemory<>(java.time.Duration.ofSeconds(Math.max(1, refill)), 50_000);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals("/qbwc") || path.startsWith("/qbwc/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String remote = request.getRemoteAddr();
		String address = SourceAddresses.of(remote);
		if (SourceAddresses.isLoopback(remote) || this.proven.proven(address) || take(address)) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		response.setHeader("Retry-After", Long.toString(Math.max(1, Math.round(1 / (this.perNano * 1e9)))));
		response.setContentType("text/xml;charset=utf-8");
		response.setContentLength(FAULT.length);
		response.getOutputStream().write(FAULT);
	}

	/** Takes one call from the address's bucket; false when it has none left (a refused call takes none). */
	private boolean take(String address) {
		long now = System.nanoTime();
		boolean[] toldBefore = new boolean[1];
		Bucket bucket = this.buckets.update(address, (b) -> {
			if (b == null) {
				return new Bucket(this.burst - 1, now, false);
			}
			toldBefore[0] = b.told();
			double calls = Math.min(this.burst, b.calls() + (now - b.at()) * this.perNano);
			return (calls >= 1) ? new Bucket(calls - 1, now, false) : new Bucket(calls, now, true);
		});
		if (!bucket.told()) {
			return true;
		}
		if (!toldBefore[0]) {
			log.warn("Web Connector calls from {} over the rate limit of an address that has not logged in lately "
					+ "({} at once, then {} a second): refused until it slows down", address, (int) this.burst,
					this.perNano * 1e9);
		}
		return false;
	}

}
