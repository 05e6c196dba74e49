package dev.chatarchive.host.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What adopting a baileys-bridge database came to: how many messages were kept, and how many rows
 * were set aside (in the archive's {@value LegacyBridgeAdoption#QUARANTINE} table) and why.
 *
 * @param kept         messages copied into the archive
 * @param setAside     rows set aside, by reason ("no message id", "timestamp before 2010"...)
 * @param chatsSkipped chats of the old chat table whose id is not a WhatsApp chat JID
 */
public record AdoptionReport(long kept, Map<String, Long> setAside, long chatsSkipped) {

    public AdoptionReport {
        setAside = Map.copyOf(Objects.requireNonNull(setAside, "setAside"));
    }

    /** How many rows were set aside in all. */
    public long setAsideCount() {
        return setAside.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One sentence for the user, naming the file. */
    public String sentence(Path file) {
        StringBuilder text = new StringBuilder("Adopted the baileys-bridge database ").append(file)
                .append(" as a chat-archive archive: ").append(count(kept, "message")).append(" kept");
        long aside = setAsideCount();
        if (aside > 0) {
            text.append("; ").append(count(aside, "row")).append(" that break the archive's rules set aside, unchanged, "
                    + "in its table " + LegacyBridgeAdoption.QUARANTINE + " (");
            StringBuilder reasons = new StringBuilder();
            setAside.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> reasons
                    .append(reasons.isEmpty() ? "" : ", ").append(entry.getValue()).append(' ').append(entry.getKey()));
            text.append(reasons).append(')');
        }
        if (chatsSkipped > 0) {
            text.append("; ").append(count(chatsSkipped, "chat")).append(" of its chat list without a WhatsApp chat id left out");
        }
        return text.append(".").toString();
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Counts as the adoption goes. */
    static final class Builder {
        private long kept;
        private final Map<String, Long> setAside = new LinkedHashMap<>();
        private long chatsSkipped;

        void kept(long count) {
            kept = count;
        }

        void setAside(String reason) {
            setAside(reason, 1);
        }

        void setAside(String reason, long rows) {
            setAside.merge(reason, rows, Long::sum);
        }

        void chatSkipped() {
            chatsSkipped++;
        }

        AdoptionReport build() {
            return new AdoptionReport(kept, setAside, chatsSkipped);
        }
    }
}
