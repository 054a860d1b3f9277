package io.qbsync.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.function.LongUnaryOperator;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * How far a long step of a company's job has got: the work it has is counted as it starts ({@value #TOTAL} in its
 * context), beside its read count as each chunk commits; from the two come done of total, the rate and the time left.
 */
public final class Progress {

	/** The step context's entry: how many items the step had to read when it started. */
	public static final String TOTAL = "total";

	private Progress() {
	}

	/** A listener that counts the step's work for its company ({@code companyId} -> items to read) as it starts. */
	public static StepExecutionListener counting(LongUnaryOperator itemsOfCompany) {
		return new StepExecutionListener() {
			@Override
			public void beforeStep(StepExecution step) {
				Long companyId = step.getJobParameters().getLong("companyId");
				if (companyId != null) {
					step.getExecutionContext().putLong(TOTAL, itemsOfCompany.applyAsLong(companyId));
				}
			}
		};
	}

	/** "1,200 of 5,000 (24%), 310 a second, about 13 s left", or null for a step that is not running or not counted. */
	public static String of(StepExecution step, LocalDateTime now) {
		if (step.getStatus() != BatchStatus.STARTED || !step.getExecutionContext().containsKey(TOTAL)) {
			return null;
		}
		long total = step.getExecutionContext().getLong(TOTAL);
		long done = Math.min(step.getReadCount(), total);
		StringBuilder text = new StringBuilder(String.format("%,d of %,d", done, total));
		if (total > 0) {
			text.append(" (").append(done * 100 / total).append("%)");
		}
		double seconds = (step.getStartTime() != null)
				? Duration.between(step.getStartTime(), now).toMillis() / 1000.0 : 0;
		if (done > 0 && seconds > 0) {
			double rate = done / seconds;
			text.append(String.format(", %,d a second", Math.round(rate)));
			long left = Math.round((total - done) / rate);
			text.append(", about ").append(left < 60 ? left + " s" : ((left + 59) / 60) + " min").append(" left");
		}
		return text.toString();
	}

}
