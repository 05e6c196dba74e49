package dev.chatarchive.host.plugin;

/**
 * A few megabytes of heap the host keeps aside for the moment a plugin runs out of memory.
 *
 * <p>A plugin that exhausts the heap may go on holding what it took (in a static field, say), so when
 * its {@link OutOfMemoryError} reaches the host there can be no memory left to report it: even the
 * {@code ExecutionException} that carries the error to the caller cannot be allocated, and the whole
 * application dies of the plugin's failure. {@link PluginCallGuard} releases this reserve as soon as
 * plugin code throws an {@code OutOfMemoryError}, which leaves the host room to mark that provider
 * failed, say so, and start the others. The reserve is given up once; a second exhaustion in the same
 * process is reported only if the heap has room by then.
 */
final class HeapReserve {

    private static final int MAX_BYTES = 8 << 20;

    private static volatile byte[] reserve = new byte[size(Runtime.getRuntime().maxMemory())];

    private HeapReserve() {
    }

    /** Loads the class, which takes the reserve; called before the first plugin call. */
    static void ensureTaken() {
        // The static initialiser has done the work by the time this runs.
    }

    /** Gives the reserve back to the heap. */
    static void release() {
        reserve = null;
    }

    /** Whether the reserve is still held (for tests). */
    static boolean isHeld() {
        return reserve != null;
    }

    /** A twelfth of the heap, at most 8 MiB: enough for the host's report, never a burden. */
    static int size(long maxHeapBytes) {
        return (int) Math.min(MAX_BYTES, Math.max(0, maxHeapBytes / 12));
    }
}
