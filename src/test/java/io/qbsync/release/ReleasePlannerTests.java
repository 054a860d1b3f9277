package io.qbsync.release;

import java.time.Instant;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Found by the soak (seed 583638975): a link planned while the record's own Add was on its way went out after that
 * Add had made the record's object, and linked the record to another object, leaving ours in QuickBooks linked from
 * nothing. Such a link is withdrawn; the record's newer change comes back to the wizard against its own object.
 */
class ReleasePlannerTests {

	private final ReleasePlanner planner = new ReleasePlanner(mock(SingleOpsValues.class));

	@Test
	void aLinkWhoseRecordItsOwnAddLinkedMeanwhileIsWithdrawnNotSent() {
		Release release = plan(link("8000000C-1"), record("8000000F-1"));

		assertThat(release.kind()).isEqualTo(Release.Kind.WITHDRAW);
		assertThat(release.reason()).contains("its own Add");
	}

	@Test
	void aLinkWhoseRecordIsStillUnlinkedOrLinkedToThatObjectGoesOn() {
		assertThat(plan(link("8000000C-1"), record(null)).kind()).isNotEqualTo(Release.Kind.WITHDRAW);
		assertThat(plan(link("8000000C-1"), record("8000000C-1")).kind()).isNotEqualTo(Release.Kind.WITHDRAW);
	}

	private Release plan(WizardItem item, StoredRecord record) {
		return this.planner.plan(new ReleaseCandidate(item, record, false, List.of()), mock(Company.class),
				QbxmlVersion.of(13, 0));
	}

	private static WizardItem link(String qbId) {
		WizardItem item = mock(WizardItem.class);
		when(item.id()).thenReturn(7L);
		when(item.action()).thenReturn(WizardAction.LINK);
		when(item.qbId()).thenReturn(qbId);
		when(item.objectType()).thenReturn("ItemService");
		when(item.sourceVersion()).thenReturn("2");
		return item;
	}

	private static StoredRecord record(String linkedTo) {
		Instant at = Instant.parse("2026-12-07T07:08:53Z");
		return new StoredRecord(12, 1, RecordType.ITEMS, "I-1", "{\"name\": \"Leaf Removal\"}", "hash", false, 2, at, at,
				new QuickBooksLink(linkedTo, (linkedTo != null) ? "1" : null, (linkedTo != null) ? at : null,
						(linkedTo != null) ? SyncState.SYNCED : null));
	}

}
