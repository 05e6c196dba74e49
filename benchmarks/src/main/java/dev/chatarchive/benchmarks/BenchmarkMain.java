package dev.chatarchive.benchmarks;

import dev.chatarchive.host.Host;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive benchmark}: measures ingest, export parsing, chat opening, paging, search,
 * start-up and memory on this machine, on synthetic archives it builds in a work folder (never the
 * user's archive). See {@link Benchmarks}. The application's {@code benchmark} command runs this
 * program's jar in a JVM of its own, with the application's JVM options and its global options.
 */
@Command(name = "chat-archive benchmark",
        description = {"Measure chat-archive on this machine with synthetic archives (never your own archive).",
            "The full run (10k, 1m and 10m messages) takes about half an hour and several GB of disk."})
public final class BenchmarkMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--sizes", paramLabel = "LIST", defaultValue = "10k,1m,10m",
            description = "Archive sizes for the reading benchmarks (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--ingest", paramLabel = "SIZE", defaultValue = "200k",
            description = "Messages in the ingest comparison (default: ${DEFAULT-VALUE}).")
    String ingest;

    @Option(names = "--parse", paramLabel = "SIZE", defaultValue = "1m",
            description = "Messages in the generated export that is parsed (default: ${DEFAULT-VALUE}).")
    String parse;

    @Option(names = "--backup", paramLabel = "SIZE", defaultValue = "0",
            description = "Messages in a generated Android msgstore.db imported end to end (default: ${DEFAULT-VALUE},"
                    + " skipped; 1m for the figure in the README).")
    String backup;

    @Option(names = "--legacy", paramLabel = "SIZE", defaultValue = "0",
            description = "Rows in a generated baileys-bridge database adopted by chat-archive (default: ${DEFAULT-VALUE},"
                    + " skipped; 1m for the figure in the README).")
    String legacy;

    @Option(names = "--peers", paramLabel = "SIZE", defaultValue = "1m",
            description = "Messages in the multilingual export parsed beside whatsapp-chat-parser (installed with npm"
                    + " into a temporary folder when node and npm exist) and imported end to end (default:"
                    + " ${DEFAULT-VALUE}; 0 skips it).")
    String peers;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where the synthetic archives go (default: <data>/benchmarks).")
    Path work;

    @Option(names = "--reuse", description = "Keep the archives of an earlier run instead of building them again.")
    boolean reuse;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the Markdown report to FILE.")
    Path reportFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data folder, as for chat-archive.")
    Path dataDirectory;

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Where the WhatsApp plugin jar is, as for chat-archive.")
    Path pluginsDirectory;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file, as for chat-archive.")
    Path configFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Benchmarks.Options options;
        LocationOverrides overrides = new LocationOverrides(dataDirectory, null, configFile, pluginsDirectory);
        try (Host host = Host.open(HostOptions.forApplication(overrides))) {
            try {
                options = new Benchmarks.Options(Benchmarks.parseSizes(sizes), Benchmarks.parseSize(ingest),
                        Benchmarks.parseSize(parse),
                        work != null ? work.toAbsolutePath() : host.locations().dataDirectory().resolve("benchmarks"),
                        host.locations().pluginsDirectory(), reuse,
                        backup.strip().equals("0") ? 0 : Benchmarks.parseSize(backup),
                        peers.strip().equals("0") ? 0 : Benchmarks.parseSize(peers),
                        legacy.strip().equals("0") ? 0 : Benchmarks.parseSize(legacy));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        String report = new Benchmarks(options).run();
        if (reportFile != null) {
            Files.writeString(reportFile, report, StandardCharsets.UTF_8);
        }
        return ExitCodes.OK;
    }
}
