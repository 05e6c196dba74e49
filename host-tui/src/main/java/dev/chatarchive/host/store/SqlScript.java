package dev.chatarchive.host.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * Our own migration scripts, split into statements. Jdbi's script parser stumbles over trigger
 * bodies, and our scripts follow two simple conventions this class relies on: a statement ends with
 * a {@code ;} at the end of a line, and a {@code CREATE TRIGGER} runs until a line {@code END;}.
 * Lines starting with {@code --} are comments.
 */
final class SqlScript {

    private final String name;
    private final List<String> statements;

    private SqlScript(String name, List<String> statements) {
        this.name = name;
        this.statements = List.copyOf(statements);
    }

    static SqlScript fromResource(String resource) {
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration script " + resource + " is missing from the application");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SqlScript parse(String name, String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() == 0) {
                inTrigger = trimmed.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
            }
            current.append(line).append('\n');
            boolean ends = inTrigger ? trimmed.equalsIgnoreCase("END;") : trimmed.endsWith(";");
            if (ends) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            throw new IllegalStateException("Script " + name + " ends inside a statement: " + current);
        }
        return new SqlScript(name, statements);
    }

    List<String> statements() {
        return statements;
    }

    void executeIn(Handle handle) {
        for (String statement : statements) {
            handle.execute(statement);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
