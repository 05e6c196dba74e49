package dev.chatarchive.host.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FirstStatementWarmUpTest {

    @Test
    void run_readsItsOneRowThroughJdbiAndSqlite() {
        assertEquals(1, FirstStatementWarmUp.run());
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void start_runsOnADaemonThreadThatEnds() throws Exception {
        Thread warmUp = FirstStatementWarmUp.start();
        assertTrue(warmUp.isDaemon());
        warmUp.join();
        assertFalse(warmUp.isAlive());
    }
}
