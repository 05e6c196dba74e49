/**
 * The provider contract kit: {@link dev.chatarchive.api.contract.ProviderContract} checks that a
 * {@link dev.chatarchive.api.HistoryProvider} keeps the rules the host relies on (strictly older
 * pages, stable ids, no message lost around a same-timestamp cursor, a true end of history, typed
 * errors, interrupts honoured within a second), and
 * {@link dev.chatarchive.api.contract.RecordingProviderContext} gives a provider under test a
 * context. Framework-neutral: broken rules are reported as an {@link java.lang.AssertionError}, so
 * any test framework's test can call it. It ships in the api jar that a provider already depends on
 * ({@code provided}, which is on the test class path too), so no other artifact is needed.
 *
 * <p>The host never calls anything here.
 */
package dev.chatarchive.api.contract;
