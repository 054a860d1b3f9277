package io.qbsync.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the connections the application's {@link DataSource} hands to the server's request threads (Tomcat's
 * {@code http-nio-} threads), so that a test can show a call was answered without one. Import it into a test's
 * context with {@code @Import(ConnectionCount.class)}.
 */
public class ConnectionCount implements BeanPostProcessor {

	private final AtomicInteger borrowed = new AtomicInteger();

	/** Connections handed to request threads so far. */
	public int borrowed() {
		return this.borrowed.get();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource)) {
			return bean;
		}
		return Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getConnection")
							&& Thread.currentThread().getName().startsWith("http-nio-")) {
						this.borrowed.incrementAndGet();
					}
					try {
						return method.invoke(dataSource, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
