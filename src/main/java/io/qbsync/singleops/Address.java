package io.qbsync.singleops;

/** A postal address, as the field-service app keeps it. */
public record Address(String line1, String line2, String city, String state, String postalCode, String country) {
}
