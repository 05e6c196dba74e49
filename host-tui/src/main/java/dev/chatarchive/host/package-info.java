/**
 * The host: the application that owns the archive. {@link dev.chatarchive.host.Host} opens the
 * archive, loads the plugins and creates the sync engine for one process; {@link
 * dev.chatarchive.host.HostOptions}, {@link dev.chatarchive.host.FirstRun} (the embedded sample on a
 * fresh archive), and the two seams the front ends plug into: {@link dev.chatarchive.host.UserInterface}
 * and {@link dev.chatarchive.host.SourceImporter}.
 *
 * <p>May use: {@code config}, {@code error}, {@code logging}, {@code store}, {@code plugin},
 * {@code sync}, {@code checkpoint}, {@code media}. Never a front end ({@code cli}, {@code ui},
 * {@code app}). The package map is in docs/packages.md; {@code PackageRulesTest} checks it.
 */
package dev.chatarchive.host;
