package dev.chatarchive.host.progress;

/** Told how far long work has got. Called on the working thread: return quickly. */
@FunctionalInterface
public interface ProgressListener {

    /** Tells nobody. */
    ProgressListener NONE = progress -> { };

    void onProgress(WorkProgress progress);
}
