package io.qbsync.web;

import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's fixes, shown beside Unsynced Entities' Resync and Clear ID buttons, name those buttons rather than
 * sending the admin elsewhere for what the buttons do.
 */
class GuideWordsTests {

	private final StatusGuide guide = StatusGuide.standard();

	@Test
	void aRecordGoneFromQuickBooksOrANameInUseIsFixedWithClearIdNotBySupport() {
		for (String code : new String[] { "500", "3100", "3120" }) {
			String fix = this.guide.find(code).map(GuideEntry::inPlainWords).orElseThrow();
			assertThat(fix).as(code).contains("click Clear ID").doesNotContainIgnoringCase("support");
		}
	}

	@Test
	void aFixMadeInTheRecordEndsWithTheResyncButton() {
		assertThat(this.guide.entries()).allSatisfy((e) -> assertThat(String.join(" ", e.steps())).as(e.code())
			.doesNotContain("sync again"));
		assertThat(this.guide.entries()).filteredOn((e) -> String.join(" ", e.steps()).contains("click Resync"))
			.hasSizeGreaterThanOrEqualTo(10);
	}

}
