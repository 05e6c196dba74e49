package dev.chatarchive.host.ui;

import dev.chatarchive.host.store.Archive;

/**
 * Not a test: a class in the ui package that breaks the UI boundary on purpose (it opens the store),
 * so PackageRulesTest can show that its rule catches such a class. Test sources only; never run.
 */
public final class BoundaryBreakingProbe {

    private BoundaryBreakingProbe() {
    }

    static void close(Archive archive) {
        archive.close();
    }
}
