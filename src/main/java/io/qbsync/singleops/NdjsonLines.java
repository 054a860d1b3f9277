package io.qbsync.singleops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited JSON one line at a time from a stream, as bytes (UTF-8 never has a newline byte inside a
 * character), in constant memory: a line longer than the limit is skipped to its end and reported as too long. A
 * trailing carriage return and a leading byte-order mark are dropped.
 */
final class NdjsonLines {

	private final InputStream in;

	private final int maxLength;

	private final byte[] buffer = new byte[64 * 1024];

	private int position;

	private int limit;

	private byte[] line = new byte[8 * 1024];

	private int length;

	private boolean tooLong;

	private long number;

	private boolean atStart = true;

	NdjsonLines(InputStream in, int maxLength) {
		this.in = in;
		this.maxLength = maxLength;
	}

	/** Moves to the next line; false at the end of the input. */
	boolean next() throws IOException {
		this.length = 0;
		this.tooLong = false;
		boolean any = false;
		while (true) {
			if (this.position == this.limit) {
				this.limit = this.in.read(this.buffer);
				this.position = 0;
				if (this.limit <= 0) {
					this.limit = 0;
					if (!any) {
						return false;
					}
					break;
				}
			}
			any = true;
			int start = this.position;
			while (this.position < this.limit && this.buffer[this.position] != '\n') {
				this.position++;
			}
			append(start, this.position);
			if (this.position < this.limit) {
				this.position++; // the newline
				break;
			}
		}
		this.number++;
		if (this.length > 0 && this.line[this.length - 1] == '\r') {
			this.length--;
		}
		if (this.atStart) {
			this.atStart = false;
			if (this.length >= 3 && (this.line[0] & 0xFF) == 0xEF && (this.line[1] & 0xFF) == 0xBB
					&& (this.line[2] & 0xFF) == 0xBF) {
				System.arraycopy(this.line, 3, this.line, 0, this.length - 3);
				this.length -= 3;
			}
		}
		return true;
	}

	private void append(int from, int to) {
		int count = to - from;
		if (this.tooLong || count == 0) {
			return;
		}
		if (this.length + count > this.maxLength) {
			this.tooLong = true;
			this.length = 0;
			return;
		}
		if (this.length + count > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.min(this.maxLength + 1,
					Math.max(this.line.length * 2, this.length + count)));
		}
		System.arraycopy(this.buffer, from, this.line, this.length, count);
		this.length += count;
	}

	/** The 1-based number of the current line in the input. */
	long number() {
		return this.number;
	}

	/** The current line's bytes, {@code 0} to {@link #length()}; valid until the next call of {@link #next()}. */
	byte[] bytes() {
		return this.line;
	}

	int length() {
		return this.length;
	}

	boolean tooLong() {
		return this.tooLong;
	}

	boolean blank() {
		if (this.tooLong) {
			return false;
		}
		for (int i = 0; i < this.length; i++) {
			byte b = this.line[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

}
