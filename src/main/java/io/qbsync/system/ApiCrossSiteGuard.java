package io.qbsync.system;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps another web site from making a browser that remembers an admin's Basic credentials change anything through
 * the API. Such a site can only send what an HTML form sends without asking the server first: no body, a form, or
 * plain text. So a change (POST, PUT, PATCH, DELETE) must carry another body type (JSON, XML, NDJSON) or an
 * {@code X-Requested-With} header, which a browser sends cross-site only after a CORS preflight qbsync never grants.
 * A browser's request from qbsync's own pages (the API's Swagger UI "Try it out") goes too: browsers mark it
 * {@code Sec-Fetch-Site: same-origin}, a header no page can set or forge.
 */
class ApiCrossSiteGuard extends OncePerRequestFilter {

	static final String HEADER = "X-Requested-With";

	static final String FETCH_SITE = "Sec-Fetch-Site";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	/** The body types a cross-site form or a "simple" request may send. */
	private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
			"text/plain");

	private static final String REFUSAL = """
			{"title": "Forbidden", "status": 403, "detail": "qbsync refused this %s: a change through the API must \
			carry a JSON (or XML, NDJSON) body or an X-Requested-With header (any value), so that another web site \
			cannot make a signed-in browser send it. Nothing was changed. From a script, add the header, for example \
			curl -H 'X-Requested-With: script'."}""";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// the Web Connector's SOAP calls share the API's filter chain but are not the API
		boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
		return !api || SAFE_METHODS.contains(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (StringUtils.hasText(request.getHeader(HEADER)) || hasOwnBodyType(request)
				|| "same-origin".equals(request.getHeader(FETCH_SITE))) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(REFUSAL.formatted(request.getMethod()));
	}

	private static boolean hasOwnBodyType(HttpServletRequest request) {
		String type = request.getContentType();
		if (!StringUtils.hasText(type)) {
			return false;
		}
		try {
			MediaType media = MediaType.parseMediaType(type);
			return !FORM_TYPES.contains(media.getType() + "/" + media.getSubtype());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
