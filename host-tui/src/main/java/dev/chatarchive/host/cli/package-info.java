/**
 * The command line: {@link dev.chatarchive.host.cli.CommandLineApp} parses the arguments (picocli)
 * and runs one command per class ({@code import}, {@code sync}, {@code status}, {@code search},
 * {@code export}, {@code merge}...); {@link dev.chatarchive.host.cli.SyncProgressPrinter} draws sync
 * progress on a terminal or as JSON lines.
 *
 * <p>May use: the root package ({@code Host}), {@code config}, {@code error}, {@code store}, {@code
 * sync}, {@code plugin}, {@code checkpoint}, {@code export}, {@code media}, {@code text}. Never
 * {@code ui} or {@code app}.
 */
package dev.chatarchive.host.cli;
