package dev.chatarchive.host.plugin;

import java.nio.file.Path;

/** The plugins the tests load: one good one and one of each way a plugin can be broken. */
public final class FixturePlugins {

    private FixturePlugins() {
    }

    /**
     * A provider whose behaviour the test steers through its arguments, so one compiled class covers
     * every way a call can go wrong. {@code fetchHistory} on chat "boom" throws a RuntimeException,
     * "linkage" a NoClassDefFoundError, "deep" overflows the stack, "hang" never answers, "null"
     * answers null, "gone" throws a typed permanent failure; any other chat gets one message.
     * {@code listChats} returns one chat whose title tells how many instances were made and the
     * provider's "greeting" setting.
     */
    static String providerSource(String packageName, String className, String providerId, String startBody) {
        return """
                package %1$s;

                import dev.chatarchive.api.*;
                import java.time.Instant;
                import java.util.List;
                import java.util.concurrent.atomic.AtomicInteger;

                @org.pf4j.Extension
                public class %2$s implements HistoryProvider {
                    static final AtomicInteger INSTANCES = new AtomicInteger();
                    private ProviderContext context;

                    public %2$s() {
                        INSTANCES.incrementAndGet();
                    }

                    @Override
                    public ProviderInfo info() {
                        return new ProviderInfo("%3$s", "%2$s", "1.0.0");
                    }

                    @Override
                    public void start(ProviderContext context) throws ProviderException {
                        this.context = context;
                        %4$s
                    }

                    @Override
                    public ProviderStatus status() {
                        return new ProviderStatus(ConnectionState.OFFLINE_READY, "ready; data in " + context.dataDirectory());
                    }

                    @Override
                    public List<ChatDescription> listChats() {
                        return List.of(new ChatDescription("chat-1", "instances=" + INSTANCES.get()
                                + " greeting=" + context.setting("greeting").orElse("-")
                                + " context-loader-is-mine=" + (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()),
                                false, null, null));
                    }

                    @Override
                    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
                        switch (request.chatId()) {
                            case "boom": throw new IllegalStateException("boom from the plugin");
                            case "linkage": throw new NoClassDefFoundError("com/example/Missing");
                            case "deep": return deeper(request);
                            case "hang": Thread.sleep(600_000); return null;
                            case "null": return null;
                            case "gone": throw new PermanentProviderException("There is no chat gone.");
                            default: return HistoryPage.last(List.of(HistoricalMessage.text("m1", request.chatId(), "alice",
                                    "hello", Instant.parse("2024-01-01T00:00:00Z"), false)));
                        }
                    }

                    private HistoryPage deeper(HistoryRequest request) throws ProviderException, InterruptedException {
                        return deeper(request);
                    }
                }
                """.formatted(packageName, className, providerId, startBody);
    }

    /**
     * A healthy plugin with provider {@code providerId}. Its Plugin-Class sets the system property
     * {@code fixture.<pluginId>.stopped} when stopped.
     */
    static Path good(Path directory, String pluginId, String providerId) {
        String pkg = "fixture." + pluginId.replace('-', '_');
        return PluginJar.withId(pluginId)
                .pluginClass(pkg + ".GoodPlugin")
                .source(pkg + ".GoodPlugin", """
                        package %s;

                        /** Leaves a mark when stopped, so a test can see that it was. */
                        public class GoodPlugin extends org.pf4j.Plugin {
                            @Override
                            public void stop() {
                                System.setProperty("fixture.%s.stopped", "true");
                            }
                        }
                        """.formatted(pkg, pluginId))
                .source(pkg + ".GoodProvider", providerSource(pkg, "GoodProvider", providerId,
                        "context.publish(new ProviderEvent.Notice(\"started with greeting \" + context.setting(\"greeting\").orElse(\"-\"), false));"))
                .extension(pkg + ".GoodProvider")
                .writeTo(directory);
    }

    /** A plugin whose provider throws in start(). */
    public static Path providerFailsToStart(Path directory) {
        return PluginJar.withId("sulky")
                .source("fixture.sulky.SulkyProvider", providerSource("fixture.sulky", "SulkyProvider", "sulky",
                        "throw new PermanentProviderException(\"No account is configured for sulky.\");"))
                .extension("fixture.sulky.SulkyProvider")
                .writeTo(directory);
    }

    /**
     * A plugin {@code id} whose provider (id {@code id}, class {@code <Id>Provider}) runs {@code startBody}
     * in start(): something that throws an Error, say.
     */
    static Path providerStartThrows(Path directory, String id, String startBody) {
        String pkg = "fixture." + id.replace('-', '_');
        String className = Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Provider";
        return PluginJar.withId(id)
                .source(pkg + "." + className, providerSource(pkg, className, id, startBody))
                .extension(pkg + "." + className)
                .writeTo(directory);
    }

    /** A plugin whose Plugin-Class overflows the stack in start(). */
    static Path pluginStartOverflows(Path directory, String pluginId) {
        String pkg = "fixture." + pluginId.replace('-', '_');
        return PluginJar.withId(pluginId)
                .pluginClass(pkg + ".DeepPlugin")
                .source(pkg + ".DeepPlugin", """
                        package %s;

                        public class DeepPlugin extends org.pf4j.Plugin {
                            @Override
                            public void start() {
                                start();
                            }
                        }
                        """.formatted(pkg))
                .writeTo(directory);
    }

    /** A plugin whose Plugin-Class throws in start(). */
    static Path pluginFailsToStart(Path directory) {
        return PluginJar.withId("failing")
                .pluginClass("fixture.failing.FailingPlugin")
                .source("fixture.failing.FailingPlugin", """
                        package fixture.failing;

                        public class FailingPlugin extends org.pf4j.Plugin {
                            @Override
                            public void start() {
                                throw new IllegalStateException("the failing plugin refuses to start\\u001b[2J");
                            }
                        }
                        """)
                .writeTo(directory);
    }

    /** A plugin whose Plugin-Class is not in the jar. */
    static Path missingPluginClass(Path directory) {
        String pkg = "fixture.classless";
        return PluginJar.withId("classless")
                .pluginClass(pkg + ".NotThere")
                .source(pkg + ".ClasslessProvider", providerSource(pkg, "ClasslessProvider", "classless", ""))
                .extension(pkg + ".ClasslessProvider")
                .writeTo(directory);
    }

    /** A plugin made for api 2.x. */
    static Path requiresApi2(Path directory) {
        String pkg = "fixture.future";
        return PluginJar.withId("future")
                .requires("^2.0.0")
                .source(pkg + ".FutureProvider", providerSource(pkg, "FutureProvider", "future", ""))
                .extension(pkg + ".FutureProvider")
                .writeTo(directory);
    }

    /** A file named like a plugin jar that is not a jar at all. */
    static Path corrupt(Path directory) throws java.io.IOException {
        return java.nio.file.Files.writeString(directory.resolve("corrupt.jar"), "this is not a zip file");
    }
}
