package dev.chatarchive.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * Logback's start-up configuration, in code: no appender at all (until {@link FileLogging#start} runs,
 * log lines are dropped, never printed to the terminal the UI draws on), the root logger at INFO, and
 * logback's own status messages silenced. Found by logback through {@code META-INF/services}.
 *
 * <p>Why not a {@code logback.xml} (what this replaces, with the same three settings): reading it loads
 * logback's XML configurator and the JDK's XML parser, a fifth of a second of a start-up that is meant to
 * take under one. A {@code logback-test.xml} on the class path (the tests') or a
 * {@code -Dlogback.configurationFile} still configures logback as usual: this then leaves it to them.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class QuietLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || QuietLogConfigurator.class.getClassLoader().getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null);
    }

    /** Configures {@code context} quietly, unless {@code configuredElsewhere}; then logback's own configurators run. */
    static ExecutionStatus configure(LoggerContext context, boolean configuredElsewhere) {
        if (configuredElsewhere) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
