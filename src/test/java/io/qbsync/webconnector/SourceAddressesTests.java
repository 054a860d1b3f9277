package io.qbsync.webconnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Source addresses as the throttles count them: IPv4 as it is, IPv6 by its /64, whatever way it is written. */
class SourceAddressesTests {

	@Test
	void anIpv4AddressIsCountedOnItsOwn() {
		assertThat(SourceAddresses.of("203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(SourceAddresses.of(" 203.0.113.7 ")).isEqualTo("203.0.113.7");
	}

	@Test
	void everyIpv6AddressOfOneSlash64IsOneAddress() {
		String group = "2001:db8:1:2::/64";
		assertThat(SourceAddresses.of("2001:db8:1:2::1")).isEqualTo(group);
		assertThat(SourceAddresses.of("2001:0db8:0001:0002:abcd:ef01:2345:6789")).isEqualTo(group);
		assertThat(SourceAddresses.of("2001:DB8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(group);
		assertThat(SourceAddresses.of("[2001:db8:1:2::99]")).isEqualTo(group);
		assertThat(SourceAddresses.of("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
		assertThat(SourceAddresses.of("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
		assertThat(SourceAddresses.of("2001:db8:1:3::1")).isNotEqualTo(group);
	}

	@Test
	void anIpv4MappedAddressIsItsIpv4Address() {
		assertThat(SourceAddresses.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void thisHostsOwnAddressesAreLoopback() {
		assertThat(SourceAddresses.isLoopback("127.0.0.1")).isTrue();
		assertThat(SourceAddresses.isLoopback("127.8.9.10")).isTrue();
		assertThat(SourceAddresses.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(SourceAddresses.isLoopback("::1")).isTrue();
		assertThat(SourceAddresses.isLoopback("203.0.113.7")).isFalse();
		assertThat(SourceAddresses.isLoopback("2001:db8::1")).isFalse();
		assertThat(SourceAddresses.isLoopback("127.example.test")).isFalse();
		assertThat(SourceAddresses.isLoopback(null)).isFalse();
	}

	@Test
	void whatIsNoAddressIsCountedAsGivenAndNeverLookedUp() {
		assertThat(SourceAddresses.of(null)).isEqualTo("unknown");
		assertThat(SourceAddresses.of("  ")).isEqualTo("unknown");
		assertThat(SourceAddresses.of("proxy.example.test")).isEqualTo("proxy.example.test");
		assertThat(SourceAddresses.of("not:an:address:zz")).isEqualTo("not:an:address:zz");
		assertThat(SourceAddresses.of("x".repeat(100))).hasSize(SourceAddresses.MAX_LENGTH);
	}

}
