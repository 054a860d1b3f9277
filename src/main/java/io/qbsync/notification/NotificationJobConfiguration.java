package io.qbsync.notification;

import java.time.Clock;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@value #CHECK_JOB} job (a silent Web Connector, new Unsynced Entities) and the {@value #DIGEST_JOB} job (the
 * daily check). Each run is a new instance; what was sent is remembered in the database, so a run that fails half way
 * leaves the rest to the next, and nothing is sent twice. Each step's write count is the number of notices sent.
 */
@Configuration(proxyBeanMethods = false)
class NotificationJobConfiguration {

	static final String CHECK_JOB = "notify-admins";

	static final String DIGEST_JOB = "send-daily-digest";

	private static final Logger log = LoggerFactory.getLogger(NotificationJobConfiguration.class);

	@Bean
	Job notifyAdminsJob(JobRepository jobRepository, PlatformTransactionManager tx, Notifier notifier, Clock clock) {
		return new JobBuilder(CHECK_JOB, jobRepository).incrementer(new RunIdIncrementer())
			.start(step("notify-admins-step", jobRepository, tx, () -> notifier.checkAll(clock.instant())))
			.build();
	}

	@Bean
	Job sendDailyDigestJob(JobRepository jobRepository, PlatformTransactionManager tx, Notifier notifier,
			Clock clock) {
		return new JobBuilder(DIGEST_JOB, jobRepository).incrementer(new RunIdIncrementer())
			.start(step("send-daily-digest-step", jobRepository, tx, () -> notifier.digestAll(clock.instant())))
			.build();
	}

	/** Sending runs outside the step's transaction: each notice's claim commits before its e-mail leaves. */
	private static Step step(String name, JobRepository jobRepository, PlatformTransactionManager tx,
			IntSupplier work) {
		TransactionTemplate outside = new TransactionTemplate(tx);
		outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		return new StepBuilder(name, jobRepository).tasklet((contribution, context) -> {
			Integer sent = outside.execute((status) -> work.getAsInt());
			contribution.incrementWriteCount((sent != null) ? sent : 0);
			log.info("Step {}: {} notice(s) sent", name, sent);
			return RepeatStatus.FINISHED;
		}, tx).build();
	}

}
