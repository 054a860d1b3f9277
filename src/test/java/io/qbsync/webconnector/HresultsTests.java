package io.qbsync.webconnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HresultsTests {

	@Test
	void explainsKnownCodesInPlainWordsAndKeepsTheCode() {
		assertThat(Hresults.explain("0x8004041d", "raw text")).contains("log in when QuickBooks is closed")
			.contains("0x8004041D")
			.contains("raw text");
		assertThat(Hresults.explain("0x80049999", "")).contains("does not know").contains("0x80049999");
	}

	@Test
	void onlyAParseErrorIsCertainlyNotApplied() {
		assertThat(Hresults.certainlyNotApplied("0x80040400")).isTrue();
		assertThat(Hresults.certainlyNotApplied(" 0X80040400 ")).isTrue();
		assertThat(Hresults.certainlyNotApplied("0x8004041B")).isFalse();
		assertThat(Hresults.certainlyNotApplied("")).isFalse();
	}

}
