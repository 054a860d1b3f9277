package io.qbsync.wizard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A scan's writes of wizard items, applied in few statements, end as one after another would leave them. */
class WizardItemsTests extends IntegrationTest {

	@Autowired
	WizardItems items;

	@Test
	void writesApplyInTheirOrderWhateverTheStatementsTheyAreGroupedIn() {
		long company = TestCompanies.create(api(), "Wizard Writes").id();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		// items of about 1 MB each: a run of them needs several statements
		String large = "x".repeat(1_000_000);
		List<WizardItems.Write> writes = new ArrayList<>();
		for (long record = 1; record <= 5; record++) {
			writes.add(WizardItems.Write.upsert(add(company, record, "first", large), now));
		}
		writes.add(WizardItems.Write.withdraw(company, WizardItems.key(Direction.EXPORT, 2L, "Customer", null), now));
		writes.add(WizardItems.Write.withdraw(company, WizardItems.key(Direction.EXPORT, 3L, "Customer", null), now));
		writes.add(WizardItems.Write.upsert(add(company, 3, "again", "small"), now));
		writes.add(WizardItems.Write.upsert(add(company, 4, "refreshed", "small"), now));
		writes.add(WizardItems.Write.upsert(add(company, 4, "refreshed twice", "small"), now));

		this.items.apply(writes);

		List<WizardItem> open = this.items.open(company);
		assertThat(open).extracting(WizardItem::recordId).containsExactlyInAnyOrder(1L, 3L, 4L, 5L);
		assertThat(open).filteredOn((i) -> i.recordId() == 4L)
			.singleElement()
			.satisfies((i) -> assertThat(i.summary()).isEqualTo("refreshed twice"));
		assertThat(open).filteredOn((i) -> i.recordId() == 1L)
			.singleElement()
			.satisfies((i) -> assertThat(i.changes().get(0).after()).hasSize(1_000_000));
		assertThat(this.items.inState(company, WizardItemState.WITHDRAWN, Long.MAX_VALUE, 10))
			.extracting(WizardItem::recordId)
			.containsExactlyInAnyOrder(2L, 3L);
	}

	private static WizardItem add(long company, long record, String summary, String name) {
		return new WizardItem(0, company, Direction.EXPORT, "Customer", record, "customers", "C-" + record, null,
				WizardAction.ADD, WizardItemState.OPEN, summary, List.of(new FieldChange("name", "Name", null, name)),
				List.of(), null, false, "1", null, null);
	}

}
