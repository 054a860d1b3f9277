package io.qbsync.guide;

import io.qbsync.qbxml.status.StatusGuide;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the status-code guide shipped in the jar a bean. */
@Configuration(proxyBeanMethods = false)
class StatusGuideConfiguration {

	@Bean
	StatusGuide statusGuide() {
		return StatusGuide.standard();
	}

}
