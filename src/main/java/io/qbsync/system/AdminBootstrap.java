package io.qbsync.system;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates the first admin user when there is none: from {@code QBSYNC_ADMIN_USERNAME} / {@code QBSYNC_ADMIN_PASSWORD},
 * or with a generated password that is printed once, on the console only (never to the log).
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AdminUsers users;

	private final PasswordEncoder encoder;

	private final String username;

	private final String password;

	AdminBootstrap(AdminUsers users, PasswordEncoder encoder,
			@Value("${QBSYNC_ADMIN_USERNAME:${qbsync.admin.username:admin}}") String username,
			@Value("${QBSYNC_ADMIN_PASSWORD:${qbsync.admin.password:}}") String password) {
		this.users = users;
		this.encoder = encoder;
		this.username = username;
		this.password = password;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.users.count() > 0) {
			return;
		}
		boolean generated = !StringUtils.hasText(this.password);
		String secret = generated ? generatePassword() : this.password;
		int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > PasswordRules.MAX_BYTES) {
			throw new IllegalStateException("QBSYNC_ADMIN_PASSWORD is " + bytes + " bytes long; at most "
					+ PasswordRules.MAX_BYTES + " bytes are taken. Set a shorter one and start qbsync again.");
		}
		this.users.add(this.username, this.encoder.encode(secret), AdminUsers.ROLE_ADMIN);
		if (generated) {
			System.out.printf("%n  qbsync created the first admin user.%n    username: %s%n    password: %s%n"
					+ "  This password is shown once. Set QBSYNC_ADMIN_USERNAME / QBSYNC_ADMIN_PASSWORD to choose your own.%n%n",
					this.username, secret);
		}
		log.info("Created the first admin user '{}'", this.username);
	}

	private static String generatePassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
