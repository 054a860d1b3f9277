package io.qbsync.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The RabbitMQ the cluster tests run their partitions through: {@code QBSYNC_TEST_RABBITMQ_HOST} /
 * {@code _PORT} / {@code _USER} / {@code _PASSWORD} when set (as {@code .ci/run} does), otherwise 127.0.0.1:5672 as
 * guest. A test that needs it calls {@link #require()} (each test, so that each is reported skipped): skipped, and says why, when nothing listens there, but failing
 * when {@code QBSYNC_TEST_RABBITMQ_HOST} names a broker that cannot be reached (CI always has one). Each test run
 * takes queue names of its own and deletes them afterwards.
 */
public final class TestBroker {

	private static final String HOST = envOr("QBSYNC_TEST_RABBITMQ_HOST", "127.0.0.1");

	private static final int PORT = Integer.parseInt(envOr("QBSYNC_TEST_RABBITMQ_PORT", "5672"));

	private static final String USER = envOr("QBSYNC_TEST_RABBITMQ_USER", "guest");

	private static final String PASSWORD = envOr("QBSYNC_TEST_RABBITMQ_PASSWORD", "guest");

	private TestBroker() {
	}

	/** Skips the calling test (or fails it, when CI named a broker) unless the broker answers. */
	public static void require() {
		Assumptions.assumeTrue(available(), () -> "RabbitMQ is not reachable on " + HOST + ":" + PORT
				+ ": the cluster tests that need a broker are skipped (start rabbitmq-server, or run .ci/run)");
	}

	/** Whether the broker answers; fails when CI named a broker that does not. */
	public static boolean available() {
		boolean reachable = reachable();
		if (!reachable && System.getenv("QBSYNC_TEST_RABBITMQ_HOST") != null) {
			throw new IllegalStateException("QBSYNC_TEST_RABBITMQ_HOST names RabbitMQ on " + HOST + ":" + PORT
					+ ", and nothing answers there");
		}
		return reachable;
	}

	/** A queue name no other test run uses. */
	public static String uniqueQueue(String prefix) {
		return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The command-line arguments that put a node on this broker, its partitions through {@code queue}. */
	public static List<String> nodeArguments(String queue) {
		return List.of("--qbsync.cluster.rabbitmq=true", "--qbsync.cluster.queue=" + queue,
				"--spring.rabbitmq.host=" + HOST, "--spring.rabbitmq.port=" + PORT,
				"--spring.rabbitmq.username=" + USER, "--spring.rabbitmq.password=" + PASSWORD);
	}

	/** Deletes the queues (and whatever is still in them). */
	public static void deleteQueues(String... queues) {
		CachingConnectionFactory connections = new CachingConnectionFactory(HOST, PORT);
		connections.setUsername(USER);
		connections.setPassword(PASSWORD);
		try {
			RabbitAdmin admin = new RabbitAdmin(connections);
			for (String queue : queues) {
				admin.deleteQueue(queue);
			}
		}
		finally {
			connections.destroy();
		}
	}

	/** How many messages wait in the queue, or -1 when it does not exist. */
	public static long messagesIn(String queue) {
		CachingConnectionFactory connections = new CachingConnectionFactory(HOST, PORT);
		connections.setUsername(USER);
		connections.setPassword(PASSWORD);
		try {
			var info = new RabbitAdmin(connections).getQueueInfo(queue);
			return (info != null) ? info.getMessageCount() : -1;
		}
		finally {
			connections.destroy();
		}
	}

	private static boolean reachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), 2_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
