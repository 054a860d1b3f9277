package io.qbsync.webconnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientVersionsTests {

	@Test
	void comparesPartByPartAsNumbers() {
		assertThat(ClientVersions.compare(ClientVersions.parse("2.10.0.1"), ClientVersions.parse("2.9.0.0"))).isPositive();
		assertThat(ClientVersions.compare(ClientVersions.parse("2.1"), ClientVersions.parse("2.1.0.0"))).isZero();
		assertThat(ClientVersions.compare(ClientVersions.parse("2.1.0.30"), ClientVersions.parse("2.1.0.31"))).isNegative();
	}

	@Test
	void readsOnlyVersionNumbers() {
		assertThat(ClientVersions.parse("2.3.0.36")).containsExactly(2, 3, 0, 36);
		assertThat(ClientVersions.parse(" 2.3 ")).containsExactly(2, 3);
		assertThat(ClientVersions.parse("")).isNull();
		assertThat(ClientVersions.parse(null)).isNull();
		assertThat(ClientVersions.parse("2.3.0.36.1")).isNull();
		assertThat(ClientVersions.parse("v2")).isNull();
	}

}
