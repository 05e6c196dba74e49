package dev.chatarchive.host.cli;

import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.plugin.PluginReport;
import dev.chatarchive.host.plugin.ProviderRegistry;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive plugins}: every plugin file found, its state, why it is broken if it is, and
 * its providers with their status. Text from plugins is untrusted and made safe before printing.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the plugins, their state (and why, when broken) and their providers.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            ProviderRegistry registry = host.providers();
            out.println("Plugins folder: " + host.locations().pluginsDirectory());
            if (!Files.isDirectory(host.locations().pluginsDirectory())) {
                out.println("That folder does not exist, so no plugins are loaded. Create it and put plugin jars in it, "
                        + "or name another one with --plugins-dir.");
                return ExitCodes.OK;
            }
            if (registry.plugins().isEmpty()) {
                out.println("No plugins found. Put plugin jars in that folder, or name another one with --plugins-dir.");
                return ExitCodes.OK;
            }
            for (PluginReport plugin : registry.plugins()) {
                out.println();
                out.println(TerminalSanitizer.sanitizeLine(plugin.displayName()
                        + (plugin.version() != null ? " " + plugin.version() : "") + ": " + plugin.condition().label()));
                plugin.problemSentence().ifPresent(problem -> out.println("  " + TerminalSanitizer.sanitizeLine(problem)));
                for (GuardedProvider provider : plugin.providers()) {
                    out.println("  " + TerminalSanitizer.sanitizeLine(describe(provider)));
                }
            }
            return ExitCodes.OK;
        }
    }

    private static String describe(GuardedProvider provider) {
        String head = "provider " + provider.id() + " (" + provider.info().name() + " " + provider.info().version() + "): ";
        if (!provider.isStarted()) {
            return head + "failed - " + provider.problem().orElse("see the log file");
        }
        ProviderStatus status = provider.status();
        String state = status.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return head + "started, " + state + (status.detail().isBlank() ? "" : " - " + status.detail());
    }
}
