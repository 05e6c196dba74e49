package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.RetryableProviderException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginCallGuardTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final ClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    private final PluginCallGuard guard = new PluginCallGuard("plugin 'test'", pluginLoader);

    @AfterEach
    void close() {
        guard.close();
    }

    @Test
    void call_returnsWhatThePluginReturns() throws Exception {
        assertEquals("answer", guard.call("answering", GENEROUS, () -> "answer"));
    }

    @Test
    void call_runsWithThePluginClassLoaderAsContextLoader_andRestoresIt() throws Exception {
        ClassLoader seen = guard.call("looking", GENEROUS, () -> Thread.currentThread().getContextClassLoader());

        assertSame(pluginLoader, seen);
        assertSame(getClass().getClassLoader(), guard.call("looking", GENEROUS,
                () -> Thread.currentThread().getContextClassLoader().getParent()));
    }

    @Test
    void call_passesTypedFailuresOnUnchanged() {
        RetryableProviderException thrown = new RetryableProviderException("Phone offline.");

        RetryableProviderException caught = assertThrows(RetryableProviderException.class,
                () -> guard.call("asking", GENEROUS, () -> {
                    throw thrown;
                }));

        assertSame(thrown, caught);
    }

    @Test
    void call_turnsAnyOtherExceptionIntoAPermanentFailureNamingThePluginAndCall() {
        PermanentProviderException caught = assertThrows(PermanentProviderException.class,
                () -> guard.call("listing its chats", GENEROUS, () -> {
                    throw new IllegalArgumentException("bad thing");
                }));

        assertEquals("Plugin 'test' failed while listing its chats: IllegalArgumentException (bad thing). "
                + "Details are in the log file.", caught.getMessage());
    }

    @Test
    void call_turnsErrorsIntoPermanentFailures() {
        PermanentProviderException caught = assertThrows(PermanentProviderException.class,
                () -> guard.call("asking", GENEROUS, () -> {
                    throw new ExceptionInInitializerError("static init failed");
                }));

        assertInstanceOf(ExceptionInInitializerError.class, caught.getCause());
    }

    @Test
    void call_outOfMemoryInThePlugin_isThatPluginsPermanentFailureNamingTheError() {
        OutOfMemoryError fatal = new OutOfMemoryError("Java heap space");

        PermanentProviderException caught = assertThrows(PermanentProviderException.class,
                () -> guard.call("asking", GENEROUS, () -> {
                    throw fatal;
                }));

        assertTrue(caught.getMessage().contains("failed while asking: OutOfMemoryError (Java heap space)"), caught.getMessage());
        assertSame(fatal, caught.getCause());
        assertFalse(HeapReserve.isHeld(), "the host's reserve is given back, so the report has room on a full heap");
    }

    @Test
    void heapReserve_isATwelfthOfTheHeap_atMostEightMebibytes() {
        assertEquals(8 << 20, HeapReserve.size(4L << 30));
        assertEquals((96 << 20) / 12, HeapReserve.size(96L << 20));
    }

    @Test
    void call_thatRunsOverItsTimeout_isAbandonedWithARetryableFailureAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);

        RetryableProviderException caught = assertThrows(RetryableProviderException.class,
                () -> guard.call("waiting for the phone", Duration.ofMillis(200), () -> {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                }));

        assertTrue(caught.getMessage().startsWith("Plugin 'test' did not finish waiting for the phone within 200 ms"),
                caught.getMessage());
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the abandoned call was never interrupted");
    }

    @Test
    void call_whoseCallerIsInterrupted_throwsInterruptedAndInterruptsThePluginCall() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch pluginInterrupted = new CountDownLatch(1);
        AtomicReference<Throwable> callerGot = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                guard.call("syncing", GENEROUS, () -> {
                    started.countDown();
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        pluginInterrupted.countDown();
                    }
                    return null;
                });
            } catch (Throwable t) {
                callerGot.set(t);
            }
        });
        caller.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));

        caller.interrupt();
        caller.join(30_000);

        assertInstanceOf(InterruptedException.class, callerGot.get());
        assertTrue(pluginInterrupted.await(30, TimeUnit.SECONDS), "the plugin's call was never interrupted");
    }

    @Test
    void call_afterClose_failsPermanently() {
        guard.close();

        assertThrows(PermanentProviderException.class, () -> guard.call("asking", GENEROUS, () -> "late"));
    }
}
