package io.qbsync.webconnector;

import java.util.Arrays;

/** Compares Web Connector build numbers such as 2.3.0.36, part by part as numbers (as strings, 2.10 &lt; 2.9). */
final class ClientVersions {

	private ClientVersions() {
	}

	/** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
	static int compare(int[] a, int[] b) {
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			int x = (i < a.length) ? a[i] : 0;
			int y = (i < b.length) ? b[i] : 0;
			if (x != y) {
				return Integer.compare(x, y);
			}
		}
		return 0;
	}

	/** The numeric parts of a version, or null when it is not one (e.g. empty or "abc"). */
	static int[] parse(String version) {
		if (version == null || !version.strip().matches("\\d{1,6}(\\.\\d{1,6}){0,3}")) {
			return null;
		}
		return Arrays.stream(version.strip().split("\\.")).mapToInt(Integer::parseInt).toArray();
	}

}
