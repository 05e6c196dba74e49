package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What the user says about one export, in a properties file beside it named after it with
 * {@code .properties} appended ({@code WhatsApp Chat with Alice.zip.properties}):
 * <pre>
 *   jid=31612345678@s.whatsapp.net     the chat's real JID (so it meets the same chat from live sync)
 *   title=Alice                        the chat's name, when the file name does not give it
 *   group=true                         group or 1:1, when the content misleads
 *   me=Bob                             the name(s) the user appears under, comma-separated
 *   date-order=day-month-year          for a file whose dates are ambiguous
 * </pre>
 * Every key is optional; a file with none of them changes nothing.
 */
record ExportProperties(String jid, String title, Boolean group, Set<String> me, DateOrder dateOrder) {

    static final ExportProperties NONE = new ExportProperties(null, null, null, Set.of(), null);

    static Path pathFor(Path exportFile) {
        return exportFile.resolveSibling(exportFile.getFileName() + ".properties");
    }

    /** The properties file of {@code exportFile}, {@link #NONE} when there is none. */
    static ExportProperties of(Path exportFile) throws PermanentProviderException {
        Path path = pathFor(exportFile);
        if (!Files.isRegularFile(path)) {
            return NONE;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentProviderException("'" + path + "' could not be read as settings (key=value lines): "
                    + e.getMessage() + ".", e);
        }
        String jid = blankToNull(properties.getProperty("jid"));
        if (jid != null) {
            Optional<String> problem = WhatsAppJid.problem(jid);
            if (problem.isPresent()) {
                throw new PermanentProviderException("The jid in '" + path + "' is wrong: " + problem.get() + ".");
            }
        }
        Boolean group = null;
        String groupValue = blankToNull(properties.getProperty("group"));
        if (groupValue != null) {
            switch (groupValue.toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> group = true;
                case "false", "no" -> group = false;
                default -> throw new PermanentProviderException("group in '" + path + "' must be true or false, was '"
                        + groupValue + "'.");
            }
        }
        DateOrder order = null;
        String orderValue = blankToNull(properties.getProperty("date-order"));
        if (orderValue != null) {
            order = DateOrder.fromSetting(orderValue).orElseThrow(() -> new PermanentProviderException(
                    "date-order in '" + path + "' must be day-month-year, month-day-year or year-month-day, was '"
                            + orderValue + "'."));
        }
        return new ExportProperties(jid, blankToNull(properties.getProperty("title")), group,
                ExportSettings.names(properties.getProperty("me", "")), order);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
