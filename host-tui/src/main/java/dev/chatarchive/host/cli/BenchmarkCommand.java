package dev.chatarchive.host.cli;

import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code chat-archive benchmark}: runs the benchmarks, which are not part of the application. They
 * live in the source checkout's {@code benchmarks} module; this command finds its jar beside the
 * application ({@code benchmarks/target/chat-archive-benchmarks.jar}, which {@code ./chat-archive
 * benchmark} builds) and runs it in a JVM of its own, with this JVM's options and the global options
 * given, passing every other argument on ({@code chat-archive benchmark --help} lists them).
 */
@Command(name = "benchmark",
        description = {"Measure chat-archive on this machine with synthetic archives (never your own archive).",
            "Runs the benchmarks module of a source checkout: ./chat-archive benchmark --help lists its options."})
final class BenchmarkCommand implements Callable<Integer> {

    /** Where the benchmarks jar is, relative to the application's folder (a source checkout). */
    static final Path JAR = Path.of("benchmarks", "target", "chat-archive-benchmarks.jar");

    @ParentCommand
    RootCommand root;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path appDirectory = root.hostOptions().environment().appDirectory();
        Path jar = appDirectory == null ? null : appDirectory.resolve(JAR);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new UserFacingException("The benchmarks are not part of the application. Run them from a source "
                    + "checkout with ./chat-archive benchmark, which builds them first.", ExitCodes.NOT_FOUND);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-jar", jar.toString()));
        LocationOverrides given = root.hostOptions().overrides();
        addOption(command, "--data-dir", given.dataDirectory());
        addOption(command, "--config", given.configFile());
        addOption(command, "--plugins-dir", given.pluginsDirectory());
        command.addAll(arguments);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static void addOption(List<String> command, String name, Path value) {
        if (value != null) {
            command.add(name);
            command.add(value.toAbsolutePath().toString());
        }
    }
}
