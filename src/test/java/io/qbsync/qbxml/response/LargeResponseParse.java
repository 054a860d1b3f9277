package io.qbsync.qbxml.response;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Child-JVM program for {@link LargeResponseTests}: streams a generated response of about 100 MB
 * ({@link GeneratedResponse}, never held in memory) through {@link QbxmlResponseReader}, checks what came out,
 * and prints one line of {@code key=value} results. Exit code 0 when everything was read as expected, 1 when
 * not; an OutOfMemoryError gives a non-zero exit as well.
 * <p>
 * Arguments: {@code [customers [invoices]]}, default 30000 and 13000 (about 105 MB).
 */
public final class LargeResponseParse {

	/** Default sizes: 30000 customers of ~1.6 KB plus 13000 invoices of ~4.4 KB, together just over 100 MiB. */
	static final int DEFAULT_CUSTOMERS = 30_000;

	static final int DEFAULT_INVOICES = 13_000;

	private LargeResponseParse() {
	}

	public static void main(String[] args) {
		int customers = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_CUSTOMERS;
		int invoices = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_INVOICES;
		Counter counter = new Counter();
		GeneratedResponse in = new GeneratedResponse(customers, invoices);
		long start = System.nanoTime();
		QbxmlResponseReader.read(in, counter);
		long millis = (System.nanoTime() - start) / 1_000_000;

		long poolPeaks = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				poolPeaks += pool.getPeakUsage().getUsed();
			}
		}
		boolean ok = counter.customers == customers && counter.invoices == invoices
				&& counter.lines == (long) invoices * GeneratedResponse.LINES_PER_INVOICE && counter.responses == 2
				&& counter.problems == 0;
		System.out.println("objects=" + (counter.customers + counter.invoices) + " customers=" + counter.customers
				+ " invoices=" + counter.invoices + " lines=" + counter.lines + " responses=" + counter.responses
				+ " problems=" + counter.problems + " bytes=" + in.served() + " millis=" + millis + " maxHeap="
				+ Runtime.getRuntime().maxMemory() + " sampledHeapUsedMax=" + counter.maxUsed + " heapPoolPeakSum="
				+ poolPeaks + " ok=" + ok);
		System.exit(ok ? 0 : 1);
	}

	/** Counts what arrives, spot-checks the content, samples the heap every 500 objects. */
	private static final class Counter implements ResponseHandler {

		int responses;

		int customers;

		int invoices;

		long lines;

		int problems;

		long maxUsed;

		@Override
		public void onResponse(QbResponseStatus status) {
			responses++;
			if (!status.isOk()) {
				problems++;
			}
		}

		@Override
		public void onObject(QbResponseStatus status, QbObject object) {
			switch (object.type()) {
				case "Customer" -> {
					if (object.listId() == null || object.editSequence() == null || object.timeModified() == null
							|| !"Raleigh".equals(object.field("BillAddress/City"))) {
						problems++;
					}
					customers++;
				}
				case "Invoice" -> {
					if (object.txnId() == null || object.lines("InvoiceLineRet").size() != GeneratedResponse.LINES_PER_INVOICE
							|| object.lines().get(0).txnLineId() == null) {
						problems++;
					}
					invoices++;
					lines += object.lines().size();
				}
				default -> problems++;
			}
			if ((customers + invoices) % 500 == 0) {
				MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
				maxUsed = Math.max(maxUsed, heap.getUsed());
			}
		}

	}

}
