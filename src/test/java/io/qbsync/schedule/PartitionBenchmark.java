package io.qbsync.schedule;

import java.util.List;
import java.util.Locale;

import io.qbsync.support.TestBroker;
import io.qbsync.support.TestDatabase;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * reconcile-all-companies over many companies on one node, then on two, both through RabbitMQ on one database, on
 * this machine; prints each run's time, the time per company and the ratio. A plain {@code main} (README,
 * "Benchmarks"): arguments are the companies (1,000) and customers each (5); needs RabbitMQ as {@link TestBroker}
 * finds it, and deletes its queue at the end.
 */
public final class PartitionBenchmark {

	private PartitionBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int companies = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
		int customers = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		String queue = TestBroker.uniqueQueue("qbsync.partitions.bench");
		ConfigurableApplicationContext node1 = null;
		ConfigurableApplicationContext node2 = null;
		try {
			TestDatabase.Connection db = TestDatabase.freshDatabase("qbsync_partition_bench");
			List<String> more = List.of("--qbsync.cluster.grid-size=16", "--logging.level.io.qbsync=WARN");
			node1 = PartitionFixture.node("node-1", db, TestBroker.nodeArguments(queue), more);
			long s0 = System.nanoTime();
			PartitionFixture.companies(node1, companies, customers);
			System.out.printf(Locale.ROOT, "set up %d companies with %d customers each in %.1f s%n", companies,
					customers, (System.nanoTime() - s0) / 1e9);

			double warmUp = run(node1, "one node (warm-up, not counted)");
			double one = run(node1, "one node");
			node2 = PartitionFixture.node("node-2", db, TestBroker.nodeArguments(queue), more);
			double two = run(node1, "two nodes");
			node2.close();
			node2 = null;
			double oneAgain = run(node1, "one node again");
			System.out.printf(Locale.ROOT,
					"%d companies: one node %.1f s (%.1f ms a company; again %.1f s), two nodes %.1f s (%.1f ms a "
							+ "company): two nodes take %.2fx the time of one (warm-up %.1f s)%n",
					companies, one, one * 1000 / companies, oneAgain, two, two * 1000 / companies, two / one, warmUp);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		finally {
			if (node1 != null) {
				node1.close();
			}
			if (node2 != null) {
				node2.close();
			}
			TestBroker.deleteQueues(queue);
		}
		System.exit(0);
	}

	private static double run(ConfigurableApplicationContext node, String label) throws Exception {
		long start = System.nanoTime();
		JobExecution execution = PartitionFixture.reconcileAll(node);
		double seconds = (System.nanoTime() - start) / 1e9;
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException(label + ": " + execution.getExitStatus());
		}
		System.out.printf(Locale.ROOT, "%s: %.1f s, partitions by node %s%n", label, seconds,
				PartitionFixture.companiesByNode(PartitionFixture.partitions(PartitionFixture.reload(node, execution))));
		return seconds;
	}

}
