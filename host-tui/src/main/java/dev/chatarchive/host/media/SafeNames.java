package dev.chatarchive.host.media;

import java.text.Normalizer;

/** File names from chats made safe for any file system: they name copies, never the stored files. */
public final class SafeNames {

    private SafeNames() {
    }

    /** Letters, digits, dot, dash and underscore only (accents dropped), no leading dot, at most 80 characters. */
    public static String fileName(String name) {
        String safe = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (safe.length() > 80) {
            int dot = safe.lastIndexOf('.');
            String extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            safe = safe.substring(0, 80 - extension.length()) + extension;
        }
        return safe.isEmpty() ? "file" : safe;
    }
}
