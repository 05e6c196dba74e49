package dev.chatarchive.host.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class QuietLogConfiguratorTest {

    @Test
    void configures_noAppender_rootAtInfo_statusSilenced_andStopsLogbacksOwnConfigurators() {
        LoggerContext context = new LoggerContext();

        Configurator.ExecutionStatus status = QuietLogConfigurator.configure(context, false);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, status, "no logback.xml reading, no console appender");
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertFalse(root.iteratorForAppenders().hasNext(), "nothing may print before FileLogging.start");
        assertEquals(Level.INFO, root.getLevel());
        assertTrue(context.getStatusManager().getCopyOfStatusListenerList().stream().anyMatch(NopStatusListener.class::isInstance));
    }

    @Test
    void aTestConfigurationOrAConfigurationFileProperty_isLeftToLogback() {
        LoggerContext context = new LoggerContext();
        Level before = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();

        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, QuietLogConfigurator.configure(context, true));
        assertEquals(before, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertTrue(context.getStatusManager().getCopyOfStatusListenerList().isEmpty());
    }

    @Test
    void logbackFindsIt_asAService() {
        assertTrue(ServiceLoader.load(Configurator.class).stream().anyMatch(provider -> provider.type() == QuietLogConfigurator.class));
        assertNull(QuietLogConfigurator.class.getClassLoader().getResource("logback.xml"), "one configuration, in code");
    }
}
