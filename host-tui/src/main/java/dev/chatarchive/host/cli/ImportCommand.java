package dev.chatarchive.host.cli;

import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.error.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chat-archive import FILE...}: registers chat exports with the provider that reads them and
 * syncs their chats into the archive. See {@link SourceImport}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import chat history into the archive: WhatsApp's \"Export chat\" .txt or .zip files, an Android"
                + " backup (msgstore.db or msgstore.db.crypt12/14/15), an iPhone ChatStorage.sqlite or an unencrypted"
                + " iPhone backup folder.",
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

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files, backups or backup folders to import.")
    List<Path> files;

    @Option(names = "--key", paramLabel = "K", description = {"The key of an encrypted Android backup: the 64-digit"
            + " key WhatsApp showed when you turned on end-to-end encrypted backup (crypt15), or the path of a key"
            + " file (encrypted_backup.key for crypt15, 'key' for crypt12/crypt14). Without it, a key file beside"
            + " the backup is used. Never stored."})
    String key;

    @Option(names = "--contacts", paramLabel = "WA_DB", description = {"Android's contacts database (wa.db), for"
            + " contact names; without it, a wa.db beside the backup is used."})
    Path contacts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = root.openHost()) {
            List<SourceImport.FileResult> results = SourceImport.printingTo(out).run(host, files, options());
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

    private ImportOptions options() {
        ImportOptions options = ImportOptions.NONE;
        if (key != null && !key.isBlank()) {
            options = options.with(ImportOptions.KEY, key);
        }
        if (contacts != null) {
            options = options.with(ImportOptions.CONTACTS, contacts.toAbsolutePath().normalize().toString());
        }
        return options;
    }
}
