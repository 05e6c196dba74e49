package dev.chatarchive.host.cli;

import dev.chatarchive.host.ExitCodes;
import dev.chatarchive.host.Host;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive import FILE...}: registers chat exports with the provider that reads them and
 * syncs their chats into the archive. See {@link SourceImport}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import chat exports (WhatsApp's \"Export chat\" .txt or .zip files) into the archive.",
                "Each file is remembered as a source and its chat synced until complete; importing a file again, "
                        + "or a newer export of the same chat, stores only what is new."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was imported and its chats are complete",
                "1:a file could not be imported, or a chat's sync did not complete",
                "2:the command line was wrong", "3:a named file does not exist",
                "4:the archive is open in another chat-archive"})
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files to import.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            List<SourceImport.FileResult> results = SourceImport.printingTo(out).run(host, files);
            long fine = results.stream().filter(SourceImport.FileResult::fine).count();
            long chats = results.stream().mapToLong(result -> result.chats().size()).sum();
            out.println("Imported " + fine + " of " + results.size() + (results.size() == 1 ? " file" : " files")
                    + " completely (" + chats + (chats == 1 ? " chat" : " chats") + ").");
            if (results.stream().anyMatch(SourceImport.FileResult::missing)) {
                return ExitCodes.NOT_FOUND;
            }
            return fine == results.size() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
