package io.qbsync.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The REST API keeps to the same company limits as the pages. Judged on the mapping Spring matched (not the raw
 * address, which may be encoded differently): an endpoint of one company answers 404 for a company the user may not
 * see, or whose id is not written plainly; every other endpoint is for users who see every company, except the few
 * that hold no company data.
 */
@Configuration(proxyBeanMethods = false)
class ApiCompanyAccess implements WebMvcConfigurer {

	/** Endpoints without a company that any signed-in user may call. */
	private static final Set<String> FOR_EVERYONE = Set.of("/api/status-codes", "/api/status-codes/{code}");

	private final CompanyAccess access;

	ApiCompanyAccess(CompanyAccess access) {
		this.access = access;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				check(request);
				return true;
			}

		}).addPathPatterns("/api/**");
	}

	private void check(HttpServletRequest request) {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated()) {
			return;
		}
		String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String company = null;
		if (variables != null && pattern.startsWith("/api/companies/{")) {
			company = pattern.startsWith("/api/companies/{companyId}") ? variables.get("companyId") : variables.get("id");
		}
		if (company != null) {
			if (!company.matches("[1-9]\\d{0,17}") || !this.access.mayOpen(user, Long.parseLong(company))) {
				throw new NotFoundException("There is no company with id " + company + ".");
			}
			return;
		}
		if (!FOR_EVERYONE.contains(pattern) && !this.access.seesAll(user)) {
			throw new InvalidInputException(HttpStatus.FORBIDDEN, "Only a user who sees every company may do this.",
					List.of());
		}
	}

}
