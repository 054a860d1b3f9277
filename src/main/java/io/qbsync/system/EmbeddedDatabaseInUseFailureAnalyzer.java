package io.qbsync.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in two lines, instead of a stack trace, that another qbsync already uses the embedded database. */
class EmbeddedDatabaseInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabaseInUseException cause) {
		return new FailureAnalysis(cause.what() + ".",
				"Stop the other qbsync (or the MariaDB process named above), or start this one with "
						+ "--qbsync.embedded-db.dir=<another directory>, or point it at a MariaDB server with "
						+ "SPRING_DATASOURCE_URL.",
				cause);
	}

}
