package io.qbsync.singleops;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/** The part of a payment applied to one invoice (by externalId). */
public record AppliedTo(String invoice, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
}
