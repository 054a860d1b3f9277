package io.qbsync.sandbox;

/**
 * Answers one qbXML request element (e.g. {@code CustomerAddRq}) for {@link FakeQuickBooks}. Register with
 * {@link FakeQuickBooks#register(String, QbRequestHandler)}; throw {@link QbStatusException} for an error status.
 * Macros ({@code useMacro}) are already substituted in {@code request}.
 */
@FunctionalInterface
public interface QbRequestHandler {

	QbResult handle(QbNode request, FakeQuickBooks qb);
}
