/**
 * The benchmarks ({@code chat-archive benchmark}, {@link dev.chatarchive.benchmarks.BenchmarkMain}):
 * synthetic corpora and archives, engine ingest, archive reads, UI probes and the export parser,
 * measured on the real code. Never shipped in the app or the plugin. docs/benchmarks.md has the figures.
 *
 * <p>May use: the host, the plugin's test fixtures, the api.
 */
package dev.chatarchive.benchmarks;
