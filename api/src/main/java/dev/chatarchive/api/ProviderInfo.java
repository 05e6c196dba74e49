package dev.chatarchive.api;

/**
 * Who a provider is.
 *
 * @param id      a short, stable, lower-case id, unique among providers: it is stored with every
 *                chat the provider brings (for example {@code "whatsapp"}); letters, digits, '-'
 * @param name    a human name for menus and messages (for example {@code "WhatsApp"})
 * @param version the provider's own version, for the plugins list
 */
public record ProviderInfo(String id, String name, String version) {

    public ProviderInfo {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException(
                    "id must be 1-32 lower-case letters, digits or '-', starting with a letter or digit, was '" + id + "'");
        }
        HistoricalMessage.requireText(name, "name");
        HistoricalMessage.requireText(version, "version");
    }
}
