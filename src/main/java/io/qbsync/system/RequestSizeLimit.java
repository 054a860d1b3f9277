package io.qbsync.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything reads it: before a password is checked, a ticket looked up or a SOAP
 * envelope parsed. A declared Content-Length over the limit is answered 413 at once, without reading the body; a
 * body sent without one (chunked) is read ahead here up to the limit, and answered 413 as soon as it passes it. The
 * streamed bulk load is only counted as it is read, and fails at its (larger) bound. Runs ahead of Spring Security, so an oversized body never costs a password hash.
 */
class RequestSizeLimit extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RequestSizeLimit.class);

	/** Bodies sent without a length are read ahead whole up to this size; larger limits (bulk) are only counted. */
	private static final long BUFFERED_AT_MOST = 64L * 1024 * 1024;

	private final RequestLimits limits;

	RequestSizeLimit(RequestLimits limits) {
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		long limit = limitFor(path);
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			refuse(request, response, path, limit);
			return;
		}
		if (declared < 0 && limit <= BUFFERED_AT_MOST && hasBody(request)) {
			// no length given (chunked): read it here, up to the limit, so that an oversized one gets its 413 before
			// anything behind this filter has started to answer
			byte[] body = request.getInputStream().readNBytes((int) limit + 1);
			if (body.length > limit) {
				refuse(request, response, path, limit);
				return;
			}
			chain.doFilter(new Bounded(request, limit, body), response);
			return;
		}
		chain.doFilter(new Bounded(request, limit, null), response);
	}

	/** A body to read ahead; forms are left to Tomcat, which bounds them itself (server.tomcat.max-http-form-post-size). */
	private static boolean hasBody(HttpServletRequest request) {
		String type = (request.getContentType() != null) ? request.getContentType().toLowerCase(java.util.Locale.ROOT) : "";
		if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			return false;
		}
		return request.getHeader("Transfer-Encoding") != null || !"GET".equals(request.getMethod());
	}

	private long limitFor(String path) {
		if (path.equals("/qbwc") || path.startsWith("/qbwc/")) {
			return this.limits.soap().toBytes();
		}
		if (path.startsWith("/api/")) {
			return path.endsWith(":bulk") ? this.limits.bulk().toBytes() : this.limits.api().toBytes();
		}
		return this.limits.other().toBytes();
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, String path, long limit)
			throws IOException {
		String what = "The request body is larger than the " + (limit / (1024 * 1024)) + " MB qbsync accepts for "
				+ path + ". Nothing was read or changed. Send less at a time (for QuickBooks answers, lower "
				+ "qbsync.import.page-size), or raise qbsync.request-limits on the server.";
		log.warn("Refused a {} body to {} over the {}-byte limit from {}", request.getMethod(), LogSafe.text(path), limit,
				request.getRemoteAddr());
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setHeader("Connection", "close");
		byte[] body;
		if (path.startsWith("/qbwc")) {
			response.setContentType("text/xml;charset=utf-8");
			body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
					+ "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
					+ "<faultcode>soap:Client</faultcode><faultstring>" + what + "</faultstring></soap:Fault>"
					+ "</soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
		}
		else {
			response.setContentType("application/problem+json");
			body = ("{\"title\": \"Payload Too Large\", \"status\": 413, \"detail\": \"" + what.replace("\"", "'")
					+ "\"}").getBytes(StandardCharsets.UTF_8);
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** The request, with a body that cannot be read past the limit. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		private BufferedReader reader;

		private final byte[] body;

		Bounded(HttpServletRequest request, long limit, byte[] body) {
			super(request);
			this.limit = limit;
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = (this.body != null) ? new Buffered(this.body) : new Counting(super.getInputStream());
			}
			return this.stream;
		}

		@Override
		public int getContentLength() {
			return (this.body != null) ? this.body.length : super.getContentLength();
		}

		@Override
		public long getContentLengthLong() {
			return (this.body != null) ? this.body.length : super.getContentLengthLong();
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

		/** A body read ahead by the filter. */
		private static final class Buffered extends ServletInputStream {

			private final java.io.ByteArrayInputStream in;

			Buffered(byte[] body) {
				this.in = new java.io.ByteArrayInputStream(body);
			}

			@Override
			public int read() {
				return this.in.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				return this.in.read(buffer, offset, length);
			}

			@Override
			public boolean isFinished() {
				return this.in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("qbsync reads request bodies blocking");
			}

		}

		private final class Counting extends ServletInputStream {

			private final ServletInputStream in;

			private long read;

			Counting(ServletInputStream in) {
				this.in = in;
			}

			@Override
			public int read() throws IOException {
				int b = this.in.read();
				if (b >= 0) {
					count(1);
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = this.in.read(buffer, offset, length);
				if (n > 0) {
					count(n);
				}
				return n;
			}

			private void count(int n) throws IOException {
				this.read += n;
				if (this.read > Bounded.this.limit) {
					// a body that lied about its length, or a bulk load past its bound: the read fails
					throw new IOException("Request body over " + Bounded.this.limit + " bytes");
				}
			}

			@Override
			public boolean isFinished() {
				return this.in.isFinished();
			}

			@Override
			public boolean isReady() {
				return this.in.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				this.in.setReadListener(listener);
			}

		}

	}

}
