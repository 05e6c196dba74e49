package dev.chatarchive.host.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real PF4J plugin jar for a test: compiles Java sources against the test's class path (the
 * api and pf4j), writes the PF4J manifest and {@code META-INF/extensions.idx}, and jars it all.
 *
 * <p>The extension index is written by hand (not by PF4J's annotation processor) so a fixture can
 * list exactly the extensions it means, broken ones included.
 */
public final class PluginJar {

    private final String pluginId;
    private String version = "1.0.0";
    private String requires = "^1.0.0";
    private String pluginClass;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final List<Path> bundled = new ArrayList<>();

    private PluginJar(String pluginId) {
        this.pluginId = pluginId;
    }

    /** A plugin with this id, version 1.0.0, requiring api ^1.0.0, no Plugin-Class. */
    public static PluginJar withId(String pluginId) {
        return new PluginJar(pluginId);
    }

    public PluginJar version(String version) {
        this.version = version;
        return this;
    }

    /** The Plugin-Requires expression; {@code null} leaves the entry out. */
    public PluginJar requires(String requires) {
        this.requires = requires;
        return this;
    }

    /** The Plugin-Class entry (the class need not exist: that is a test case). */
    public PluginJar pluginClass(String className) {
        this.pluginClass = className;
        return this;
    }

    /** A Java source to compile into the jar, by fully qualified class name. */
    public PluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A class to list in META-INF/extensions.idx. */
    public PluginJar extension(String className) {
        extensions.add(className);
        return this;
    }

    /**
     * Puts every class and resource of the jar {@code library} into the plugin, unrelocated, as a
     * plugin does that carries its own copy of a library (its signature files and manifest left out).
     */
    public PluginJar bundle(Path library) {
        bundled.add(library);
        return this;
    }

    /** Compiles, packages and writes {@code <pluginId>.jar} into {@code directory}. */
    public Path writeTo(Path directory) {
        try {
            Path work = Files.createTempDirectory("plugin-" + pluginId + "-");
            Path classes = compile(sources, work);
            for (Path library : bundled) {
                unpack(library, classes);
            }
            if (!extensions.isEmpty()) {
                Path index = classes.resolve("META-INF/extensions.idx");
                Files.createDirectories(index.getParent());
                Files.writeString(index, String.join("\n", extensions) + "\n", StandardCharsets.UTF_8);
            }
            Path jar = directory.resolve(pluginId + ".jar");
            writeJar(jar, classes, manifest());
            deleteRecursively(work);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiler's scratch folder, once the jar is written: tests must not fill the temporary folder. */
    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static void unpack(Path library, Path classes) throws IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(library.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF") || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")) {
                    continue;
                }
                Path target = classes.resolve(name).normalize();
                if (!target.startsWith(classes)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (var in = jar.getInputStream(entry)) {
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", pluginId);
        attributes.putValue("Plugin-Version", version);
        attributes.putValue("Plugin-Provider", "tests");
        if (requires != null) {
            attributes.putValue("Plugin-Requires", requires);
        }
        if (pluginClass != null) {
            attributes.putValue("Plugin-Class", pluginClass);
        }
        return manifest;
    }

    /**
     * Compiles the sources into {@code work/classes} against this JVM's class path.
     *
     * @param options extra javac options, for example {@code -proc:full} to run PF4J's processor
     */
    public static Path compile(Map<String, String> sources, Path work, String... options) throws IOException {
        Path sourceRoot = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
            files.add(file);
        }
        compileFiles(files, classes, options.length == 0 ? new String[] {"-proc:none"} : options);
        return classes;
    }

    /** Compiles source files into {@code classes} against this JVM's class path; fails the test on errors. */
    public static void compileFiles(List<Path> files, Path classes, String... options) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-encoding", "UTF-8",
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        arguments.addAll(List.of(options));
        try (var fileManager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            StringWriter diagnostics = new StringWriter();
            boolean compiled = compiler.getTask(diagnostics, fileManager, null, arguments, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!compiled) {
                throw new AssertionError("The test plugin does not compile:\n" + diagnostics);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every file under {@code classes} into a jar with this manifest. */
    public static void writeJar(Path jar, Path classes, Manifest manifest) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jarOut.putNextEntry(new JarEntry(name));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
    }
}
