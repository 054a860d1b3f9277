package io.qbsync.qbxml;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QbxmlVersionTests {

	@Test
	void parsesAndOrdersNumerically() {
		assertThat(QbxmlVersion.parse("13.0")).contains(QbxmlVersion.of(13, 0));
		assertThat(QbxmlVersion.parse(" 2.1 ")).contains(QbxmlVersion.of(2, 1));
		assertThat(QbxmlVersion.parse("13")).isEmpty();
		assertThat(QbxmlVersion.parse("x.y")).isEmpty();
		assertThat(QbxmlVersion.of(2, 1)).isLessThan(QbxmlVersion.of(13, 0));
		assertThat(QbxmlVersion.of(9, 0).isKnown()).isFalse();
		assertThat(QbxmlVersion.of(16, 0).isKnown()).isTrue();
	}

	@Test
	void agreesOnTheHighestOfferedVersionUnderTheCap() {
		List<QbxmlVersion> offered = List.of(QbxmlVersion.of(2, 0), QbxmlVersion.of(12, 0), QbxmlVersion.of(13, 0),
				QbxmlVersion.of(16, 0));
		assertThat(QbxmlVersion.highestUpTo(offered, QbxmlVersion.of(14, 0))).contains(QbxmlVersion.of(13, 0));
		assertThat(QbxmlVersion.highestUpTo(offered, QbxmlVersion.of(16, 0))).contains(QbxmlVersion.of(16, 0));
		assertThat(QbxmlVersion.highestUpTo(offered, QbxmlVersion.of(1, 0))).isEmpty();
	}

}
