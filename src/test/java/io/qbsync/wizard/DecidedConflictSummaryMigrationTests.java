package io.qbsync.wizard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** V24: conflicts decided before the summary was rewritten at approval say which version was kept, as new ones do. */
class DecidedConflictSummaryMigrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void decidedConflictsSayWhichVersionWasKeptAndOpenOnesStillAsk() throws IOException {
		long company = TestCompanies.create(api(), "Old Conflicts").id();
		String asked = "customer \"Smith Lawn\" changed in both the field-service app and QuickBooks: choose which "
				+ "version to keep";
		long ours = insert(company, "SUCCEEDED", "SINGLEOPS", asked);
		long theirs = insert(company, "SUCCEEDED", "QUICKBOOKS", asked);
		long open = insert(company, "OPEN", null, asked);

		this.jdbc.sql(new ClassPathResource("db/migration/V24__decided_conflicts_say_which_version_was_kept.sql")
			.getContentAsString(StandardCharsets.UTF_8)).update();

		assertThat(summary(ours)).isEqualTo("customer \"Smith Lawn\" changed in both the field-service app and "
				+ "QuickBooks: the field-service app's version kept");
		assertThat(summary(theirs)).isEqualTo("customer \"Smith Lawn\" changed in both the field-service app and "
				+ "QuickBooks: QuickBooks' version kept");
		assertThat(summary(open)).isEqualTo(asked);
		// and the decision made the new way reads the same
		assertThat(summary(ours)).isEqualTo(ApprovalService.decidedSummary(item(asked), ApprovalService.Side.SINGLEOPS));
	}

	private long insert(long company, String state, String resolution, String summary) {
		this.jdbc.sql("""
				INSERT INTO wizard_items (company_id, direction, object_type, action, state, summary, changes, problems,
					resolution, created_at, updated_at)
				VALUES (?, 'EXPORT', 'Customer', 'UPDATE', ?, ?, '[]', '[]', ?, NOW(6), NOW(6))
				""").params(company, state, summary, resolution).update();
		return this.jdbc.sql("SELECT MAX(id) FROM wizard_items WHERE company_id = ?").param(company).query(Long.class)
			.single();
	}

	private String summary(long id) {
		return this.jdbc.sql("SELECT summary FROM wizard_items WHERE id = ?").param(id).query(String.class).single();
	}

	private static WizardItem item(String summary) {
		return new WizardItem(0, 0, io.qbsync.qbxml.entity.Direction.EXPORT, "Customer", null, "customers", "C-4", null,
				WizardAction.CONFLICT, WizardItemState.OPEN, summary, java.util.List.of(), java.util.List.of(), null, true,
				"1", null, null);
	}

}
