package io.qbsync.schedule;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry the JobOperator finds a job in to restart it: every Job bean, registered once all singletons exist.
 * Without this bean Batch fills a registry of its own with the jobs that already exist when the JobOperator is made,
 * and a fan-out job is made after it (its worker step needs the scans, and they need the JobOperator), so a failed
 * run of it could not be restarted.
 */
@Configuration(proxyBeanMethods = false)
class JobRegistryConfiguration {

	@Bean
	MapJobRegistry jobRegistry() {
		return new MapJobRegistry();
	}

}
