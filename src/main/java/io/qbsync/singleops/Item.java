package io.qbsync.singleops;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Something the business sells: {@code name} and {@code type} are required. {@code incomeAccount} names the
 * QuickBooks income account by full name; QuickBooks needs one to create the item, which the sync checks.
 */
public record Item(String name, ItemType type, String description,
		@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate, String incomeAccount,
		Boolean active) implements RecordBody {

	@Override
	public RecordType recordType() {
		return RecordType.ITEMS;
	}

}
