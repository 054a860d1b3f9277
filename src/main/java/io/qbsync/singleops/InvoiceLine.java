package io.qbsync.singleops;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/** One line of an invoice: an item (by externalId) sold, or a description-only line. */
public record InvoiceLine(String item, String description,
		@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
		@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate) {
}
