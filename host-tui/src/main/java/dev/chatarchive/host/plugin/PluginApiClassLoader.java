package dev.chatarchive.host.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin's class loader: it shows a plugin the Java platform and, of the host's
 * own classes, only the provider api, PF4J and the logging facade (SLF4J). Everything else the host
 * carries (sqlite-jdbc, Jdbi, Jackson, Lanterna, the host's own classes) does not exist for a plugin,
 * so a plugin cannot reach the archive through the host's driver by accident, and a plugin that
 * bundles its own copy of a library the host also has (Jackson, sqlite-jdbc) gets its own copy, never
 * a mix of the two.
 *
 * <p>This is a guard against accidents, not a sandbox: plugin code runs in the host's JVM with the
 * user's permissions (README, "Plugins").
 */
final class PluginApiClassLoader extends ClassLoader {

    /** Class-name prefixes a plugin may load from the host. */
    static final List<String> VISIBLE_PACKAGES = List.of("dev.chatarchive.api.", "org.pf4j.", "org.slf4j.");

    private static final List<String> VISIBLE_RESOURCES = VISIBLE_PACKAGES.stream()
            .map(prefix -> prefix.replace('.', '/')).toList();

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    /** @param host the host's class loader, asked for the visible classes only */
    PluginApiClassLoader(ClassLoader host) {
        super("chat-archive plugin api", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    /** Whether a plugin sees the host's class {@code className}. */
    static boolean isVisible(String className) {
        return VISIBLE_PACKAGES.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isVisible(name)) {
            return host.loadClass(name);
        }
        // The platform's classes (java.*, javax.*, jdk.*), and nothing else: findClass refuses the rest.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return visibleResource(name) ? host.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return visibleResource(name) ? host.getResources(name) : getParent().getResources(name);
    }

    @Override
    protected URL findResource(String name) {
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        return Collections.emptyEnumeration();
    }

    private static boolean visibleResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return VISIBLE_RESOURCES.stream().anyMatch(path::startsWith);
    }
}
