package io.qbsync.system;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. The Web Connector endpoint authenticates in the SOAP protocol itself, so it is open here. The
 * REST API needs an admin user (HTTP Basic, no session) and, for a change, a body or header no other site can make a
 * browser send ({@link ApiCrossSiteGuard}). The web pages use a login form and a session, with a CSRF token on every
 * form: admins and viewers may look, only admins may change anything (the server refuses a viewer's POST, whatever
 * the page shows). Both sign-ins are throttled per username ({@link ThrottledAuthentication}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String[] OPEN = { "/qbwc", "/qbwc/**", "/support", "/error", "/actuator/health",
			"/actuator/health/**", "/actuator/info" };

	/** Request bodies are bounded ahead of everything else, Spring Security included ({@link RequestSizeLimit}). */
	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(RequestLimits limits) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(limits));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager signIn, AdminUsers users) throws Exception {
		http.authenticationManager(signIn)
			.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/qbwc", "/qbwc/**",
				"/support", "/actuator/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(OPEN)
				.permitAll()
				// the metrics name every company and count its items: only for an admin who sees them all
				.requestMatchers("/actuator/**")
				.access((authentication, context) -> new AuthorizationDecision(isAdmin(authentication.get())
						&& users.companiesOf(authentication.get().getName()).isEmpty()))
				.anyRequest()
				.hasRole(AdminUsers.ROLE_ADMIN))
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/qbwc", "/qbwc/**", "/api/**"))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterAfter(new ApiCrossSiteGuard(), AuthorizationFilter.class);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurity(HttpSecurity http, AuthenticationManager signIn) throws Exception {
		http.authenticationManager(signIn)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/css/**", "/js/**", "/img/**",
				"/error", "/favicon.ico")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/**")
			.hasAnyRole(AdminUsers.ROLE_ADMIN, AdminUsers.ROLE_VIEWER)
			.anyRequest()
			.hasRole(AdminUsers.ROLE_ADMIN))
			.formLogin((form) -> form.loginPage("/login")
				.defaultSuccessUrl("/", false)
				.failureHandler((request, response, ex) -> response.sendRedirect(request.getContextPath()
						+ ((ex instanceof LockedException) ? "/login?error&locked" : "/login?error")))
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"));
		return http.build();
	}

	private static boolean isAdmin(Authentication user) {
		return user != null && user.isAuthenticated() && user.getAuthorities()
			.stream()
			.anyMatch((a) -> a.getAuthority().equals("ROLE_" + AdminUsers.ROLE_ADMIN));
	}

	/** The password check both sign-ins use, with the guessing limit in front of it. */
	@Bean
	AuthenticationManager signIn(AdminUsers users, RememberingPasswordEncoder encoder, AdminLoginFailures failures,
			AdminLoginSettings settings, Clock clock) {
		return new ProviderManager(new ThrottledAuthentication(passwordCheck(users, encoder), failures, settings, clock));
	}

	/**
	 * A user's password checked through the memory of right ones. For an unknown username Spring Security compares
	 * the password, to take the same time, with a hash of a password anyone can read in its source: that decoy is
	 * checked without the memory, else once remembered it would answer fast and tell unknown usernames from real ones.
	 */
	static DaoAuthenticationProvider passwordCheck(UserDetailsService users, RememberingPasswordEncoder encoder) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users) {

			@Override
			protected void additionalAuthenticationChecks(UserDetails user,
					UsernamePasswordAuthenticationToken authentication) {
				if (authentication.getCredentials() == null
						|| !encoder.matches(authentication.getCredentials().toString(), user.getPassword())) {
					throw new BadCredentialsException(this.messages
						.getMessage("AbstractUserDetailsAuthenticationProvider.badCredentials", "Bad credentials"));
				}
			}

		};
		passwords.setPasswordEncoder(encoder.delegate());
		return passwords;
	}

	/**
	 * An address the firewall refuses (an encoded ; or %, // or ..): the API answers a problem document that says so,
	 * the pages the usual 400.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		RequestRejectedHandler pages = new HttpStatusRequestRejectedHandler();
		return (request, response, rejected) -> {
			if (!request.getRequestURI().startsWith("/api/")) {
				pages.handle(request, response, rejected);
				return;
			}
			byte[] body = ("{\"title\": \"Invalid request\", \"status\": 400, \"detail\": \"The address was refused: "
					+ "it holds something qbsync does not take in an address (an encoded ; or %, // or ..). Leave those "
					+ "out of ids and names in the address; nothing was done.\"}")
				.getBytes(StandardCharsets.UTF_8);
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType("application/problem+json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		};
	}

	/**
	 * Salted, adaptive hashes (bcrypt today), tagged with their algorithm so they can be upgraded later, and the fast
	 * hashes of passwords qbsync generated ({@link GeneratedPasswords}); a right password is remembered for a while
	 * ({@link RememberingPasswordEncoder}).
	 */
	@Bean
	RememberingPasswordEncoder passwordEncoder(PasswordSettings settings, Clock clock) {
		PasswordEncoder delegating = new DelegatingPasswordEncoder("bcrypt",
				Map.of("bcrypt", new BCryptPasswordEncoder(), GeneratedPasswords.ID, GeneratedPasswords.ENCODER));
		return new RememberingPasswordEncoder(delegating, settings, clock);
	}

}
