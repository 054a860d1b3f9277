package io.qbsync.singleops;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonLinesTests {

	@Test
	void splitsLinesAcrossReadsAndDropsCarriageReturnsAndTheByteOrderMark() throws IOException {
		byte[] input = ("\uFEFF{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n" + "x".repeat(200) + "\n{\"c\":3}")
			.getBytes(StandardCharsets.UTF_8);
		NdjsonLines lines = new NdjsonLines(trickle(input), 100);
		List<String> read = new ArrayList<>();
		while (lines.next()) {
			read.add(lines.number() + (lines.tooLong() ? " too long"
					: lines.blank() ? " blank" : " " + new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8)));
		}
		assertThat(read).containsExactly("1 {\"a\":1}", "2 blank", "3 blank", "4 {\"b\":\"é\"}", "5 too long", "6 {\"c\":3}");
	}

	@Test
	void anEmptyInputHasNoLines() throws IOException {
		assertThat(new NdjsonLines(new ByteArrayInputStream(new byte[0]), 100).next()).isFalse();
	}

	/** A stream that hands out at most three bytes a read, so lines cross reads. */
	private static InputStream trickle(byte[] bytes) {
		return new FilterInputStream(new ByteArrayInputStream(bytes)) {
			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, 3));
			}
		};
	}

}
