package io.qbsync.webconnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HresultsTests {

	@Test
	void explainsKnownCodesInPlainWordsAndKeepsTheCode() {
		assertThat(Hresults.explain("0x8004041d", "raw text")).contains("log in when QuickBooks is closed")
			.contains("log in automatically")
			.contains("0x8004041D")
			.contains("raw text");
		assertThat(Hresults.explain("0x80049999", "")).contains("does not know").contains("0x80049999");
	}

	@Test
	void takesItsWordsFromTheStatusGuide() {
		String parseError = "QuickBooks found an error when parsing the provided XML text stream.";
		assertThat(Hresults.explain("0x80040400", parseError)).contains("could not read")
			.endsWith("(QuickBooks error 0x80040400 " + parseError + ")");
		assertThat(Hresults.explain("0x8004041B", "Could not lock the required information.")).contains("try again")
			.contains("0x8004041B");
	}

	@Test
	void onlyAParseErrorIsCertainlyNotApplied() {
		assertThat(Hresults.certainlyNotApplied("0x80040400")).isTrue();
		assertThat(Hresults.certainlyNotApplied(" 0X80040400 ")).isTrue();
		assertThat(Hresults.certainlyNotApplied("80040400")).isTrue();
		assertThat(Hresults.certainlyNotApplied("0x8004041B")).isFalse();
		assertThat(Hresults.certainlyNotApplied("0x80040423")).isFalse();
		assertThat(Hresults.certainlyNotApplied("")).isFalse();
		assertThat(Hresults.certainlyNotApplied(null)).isFalse();
	}

}
