package io.qbsync.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * An {@link IntegrationTest} with reading QuickBooks' changes switched on. Every class that needs the import names it
 * this way, with the same properties, so that they all share one cached application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = { "qbsync.import.enabled=true", "qbsync.import.page-size=500" })
public @interface ImportEnabled {

}
