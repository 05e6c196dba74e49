package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.contract.ProviderContract;
import dev.chatarchive.api.contract.RecordingProviderContext;
import dev.chatarchive.host.AppVersion;
import dev.chatarchive.host.config.Settings;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Writing a provider" guide, built and loaded for real: its files under
 * docs/provider-example are compiled against the api with PF4J's annotation processor (as the
 * guide's pom does), packaged with their descriptor, and loaded by the plugin manager. The README
 * must quote the provider and its descriptor exactly as they are here. So the guide cannot rot.
 */
class ProviderGuideTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path GUIDE = ROOT.resolve("docs").resolve("provider-example");

    @TempDir
    Path work;
    @TempDir
    Path pluginsDirectory;
    @TempDir
    Path dataDirectory;

    private Path buildGuideJar() throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<Path> sources;
        try (Stream<Path> files = Files.walk(GUIDE.resolve("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        PluginJar.compileFiles(sources, classes, "-proc:full");
        Path resources = GUIDE.resolve("src/main/resources");
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = classes.resolve(resources.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = pluginsDirectory.resolve("hello-provider-1.0.0.jar");
        PluginJar.writeJar(jar, classes, manifest);
        return classes;
    }

    @Test
    void guideProvider_compilesWithItsExtensionIndex() throws IOException {
        Path classes = buildGuideJar();

        assertEquals("com.example.hello.HelloProvider",
                Files.readString(classes.resolve("META-INF/extensions.idx")).lines()
                        .filter(line -> !line.startsWith("#")).findFirst().orElse(""));
    }

    @Test
    void guideProvider_loadsStartsAndPagesBackThroughItsHistory() throws Exception {
        buildGuideJar();

        try (ProviderEventBus events = new ProviderEventBus();
             ProviderRegistry registry = ProviderRegistry.load(new ProviderRegistry.Setup(pluginsDirectory, dataDirectory,
                     Settings.of(Map.of("hello.greeting", "Hi")), events, Clock.systemUTC(), CallTimeouts.DEFAULT))) {
            PluginReport plugin = registry.plugins().get(0);
            assertEquals("hello", plugin.pluginId());
            assertEquals(PluginCondition.STARTED, plugin.condition(), plugin.toString());
            GuardedProvider provider = registry.find("hello").orElseThrow();
            assertTrue(provider.isStarted(), provider.problem().orElse(""));
            assertEquals("Greetings", provider.listChats().get(0).title());

            HistoryPage newest = provider.fetchHistory(HistoryRequest.older("hello-chat", null, 4));
            HistoryPage older = provider.fetchHistory(HistoryRequest.older("hello-chat", newest.messages().get(3).toCursor(), 4));
            HistoryPage oldest = provider.fetchHistory(HistoryRequest.older("hello-chat", older.messages().get(3).toCursor(), 4));

            assertEquals(List.of("m10", "m9", "m8", "m7"), ids(newest));
            assertEquals(List.of("m6", "m5", "m4", "m3"), ids(older));
            assertEquals(List.of("m2", "m1"), ids(oldest));
            assertEquals(List.of(false, false, true), List.of(newest.endOfHistory(), older.endOfHistory(), oldest.endOfHistory()));
            assertEquals("Hi #10", newest.messages().get(0).content());
        }
    }

    @Test
    void guideProvider_keepsTheProviderContract() throws Exception {
        Path classes = buildGuideJar();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> providerClass = loader.loadClass("com.example.hello.HelloProvider");
            ProviderContract.of(() -> {
                HistoryProvider provider = (HistoryProvider) providerClass.getDeclaredConstructor().newInstance();
                provider.start(new RecordingProviderContext(dataDirectory));
                return provider;
            }).chat("hello-chat").verify();
        }
    }

    @Test
    void readme_quotesTheGuideFilesExactly() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);

        for (String file : List.of("src/main/java/com/example/hello/HelloProvider.java", "src/main/resources/plugin.properties")) {
            String content = Files.readString(GUIDE.resolve(file), StandardCharsets.UTF_8);
            assertTrue(readme.contains(content), "README.md does not quote docs/provider-example/" + file + " as it is");
        }
        assertTrue(readme.contains("docs/provider-example/pom.xml"), "README.md does not link the guide's pom");
    }

    @Test
    void guidePom_buildsAgainstThisVersionOfTheApi_withApiAndPf4jProvided() throws IOException {
        String pom = Files.readString(GUIDE.resolve("pom.xml"), StandardCharsets.UTF_8).replaceAll("\\s+", "");

        assertTrue(pom.contains("<artifactId>chat-archive-api</artifactId><version>" + AppVersion.current()
                + "</version><scope>provided</scope>"), "the guide's pom must use api " + AppVersion.current() + ", provided");
        assertTrue(pom.contains("<artifactId>pf4j</artifactId><version>" + pf4jVersion() + "</version><scope>provided</scope>"),
                "the guide's pom must use pf4j " + pf4jVersion() + ", provided");
    }

    private static String pf4jVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        int start = parent.indexOf("<pf4j.version>") + "<pf4j.version>".length();
        return parent.substring(start, parent.indexOf("</pf4j.version>", start));
    }

    private static List<String> ids(HistoryPage page) {
        return page.messages().stream().map(HistoricalMessage::id).toList();
    }
}
