/**
 * The log file ({@link dev.chatarchive.host.logging.FileLogging}, Logback configured in code) and
 * {@link dev.chatarchive.host.logging.StandardStreams}, which keeps library noise off the terminal.
 * Loggers are named after their class: {@code LoggerFactory.getLogger(Xxx.class)} in a field {@code
 * LOG}.
 *
 * <p>May use: nothing of the host.
 */
package dev.chatarchive.host.logging;
