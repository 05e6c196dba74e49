package dev.chatarchive.host.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** What the migration tests compare before and after an upgrade, read straight from the file. */
final class ArchiveSnapshots {

    private ArchiveSnapshots() {
    }

    /** Every row each of {@code queries} (name to SQL) returns from {@code file}, by name, in the queries' order. */
    static Map<String, List<Map<String, Object>>> of(Path file, Map<String, String> queries) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        Jdbi.create("jdbc:sqlite:" + file).useHandle(h -> queries.forEach((name, sql) ->
                tables.put(name, new ArrayList<>(h.createQuery(sql).mapToMap().list()))));
        return tables;
    }

    /**
     * The full-text index's answers, read by {@code queries} (rowids and terms only: since version 9 the index
     * is contentless and in a file of its own) from where the index of the archive at {@code file} lives: the
     * archive itself before version 9, the search file beside it ({@link SearchIndex#fileFor}) after.
     */
    static Map<String, List<Map<String, Object>>> ofIndex(Path file, Map<String, String> queries) {
        Path search = SearchIndex.fileFor(file);
        return of(java.nio.file.Files.exists(search) ? search : file, queries);
    }

    /** The full-text index's data rows and bytes as one number: equal before and after when the data was kept. */
    static long ftsData(Path file) {
        return Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery(
                "SELECT count(*) + coalesce(sum(length(block)), 0) FROM messages_fts_data").mapTo(Long.class).one());
    }
}
