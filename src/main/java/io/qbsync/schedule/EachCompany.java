package io.qbsync.schedule;

import java.util.function.Predicate;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;

import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The step of a fan-out job (scan, reconcile or release every company): does one thing for each company in turn,
 * outside the step's transaction (Spring Batch refuses to start a job inside another job's transaction), and counts
 * the companies it was done for as the step's write count. The action decides what a company it skips means.
 */
public final class EachCompany {

	private EachCompany() {
	}

	/** {@code action} answers whether it did its work for the company. */
	public static Tasklet tasklet(CompanyService companies, PlatformTransactionManager tx, Predicate<Company> action) {
		TransactionTemplate outsideTransaction = new TransactionTemplate(tx);
		outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		return (contribution, context) -> {
			int done = 0;
			for (Company company : companies.list()) {
				if (Boolean.TRUE.equals(outsideTransaction.execute((status) -> action.test(company)))) {
					done++;
				}
			}
			contribution.incrementWriteCount(done);
			return RepeatStatus.FINISHED;
		};
	}

}
