package io.qbsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The qbsync server: a QuickBooks Web Connector endpoint with the sync jobs behind it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QbsyncApplication {

	public static void main(String[] args) {
		SpringApplication.run(QbsyncApplication.class, args);
	}

}
