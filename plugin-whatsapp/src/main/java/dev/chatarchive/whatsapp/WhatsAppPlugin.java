package dev.chatarchive.whatsapp;

import org.pf4j.Plugin;

/**
 * The PF4J plugin that carries {@link WhatsAppHistoryProvider}. It holds no state: the provider is
 * started and stopped by the host through the {@code HistoryProvider} lifecycle.
 */
public final class WhatsAppPlugin extends Plugin {
}
