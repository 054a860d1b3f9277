package io.qbsync.web;

import java.util.List;
import java.util.Map;

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
 * The REST API keeps to the same company limits as the pages: a company a user may not see answers 404, and what
 * spans companies (the company list, new companies, users, job executions) is for users who see every company.
 */
@Configuration(proxyBeanMethods = false)
class ApiCompanyAccess implements WebMvcConfigurer {

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
		String path = request.getRequestURI().substring(request.getContextPath().length());
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String company = (variables != null) ? variables.getOrDefault("companyId", variables.get("id")) : null;
		if (path.startsWith("/api/companies/") && company != null && company.matches("\\d{1,18}")) {
			if (!this.access.mayOpen(user, Long.parseLong(company))) {
				throw new NotFoundException("There is no company with id " + company + ".");
			}
			return;
		}
		boolean spansCompanies = path.equals("/api/companies") || path.startsWith("/api/users")
				|| path.startsWith("/api/jobs");
		if (spansCompanies && !this.access.seesAll(user)) {
			throw new InvalidInputException(HttpStatus.FORBIDDEN, "Only a user who sees every company may do this.",
					List.of());
		}
	}

}
