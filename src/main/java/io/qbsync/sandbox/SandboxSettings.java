package io.qbsync.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sandbox companies.
 *
 * @param demo whether the first start (no company yet) creates the demo sandbox company with a season of landscaping
 * data: {@code auto} only on the embedded database, {@code on} on any database, {@code off} never
 */
@ConfigurationProperties("qbsync.sandbox")
public record SandboxSettings(@DefaultValue("auto") Demo demo) {

	/** When the demo company is created. */
	public enum Demo {

		AUTO, ON, OFF;

		/** Whether the demo is made on a first start with this kind of database. */
		boolean wanted(boolean embeddedDatabase) {
			return this == ON || (this == AUTO && embeddedDatabase);
		}

	}

}
