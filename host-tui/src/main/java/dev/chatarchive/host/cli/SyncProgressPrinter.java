package dev.chatarchive.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.host.progress.WorkProgress;
import dev.chatarchive.host.sync.ChatProgress;
import dev.chatarchive.host.sync.SyncEvent;
import dev.chatarchive.host.sync.SyncListener;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.text.ProgressBar;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Shows a running sync on the command line, in one of three forms:
 * <ul>
 *   <li>{@link Form#BAR}: on a terminal, one line redrawn in place with a bar, the percentage, the
 *       count and the time left;
 *   <li>{@link Form#LINES}: when the output is a file or a pipe, a plain line per stored page;
 *   <li>{@link Form#JSON}: for scripts ({@code --json}), one JSON object per line, each with an
 *       {@code "event"} field: {@code started}, {@code retrying}, {@code progress}, {@code finished}.
 * </ul>
 * Lines name a chat by its title (asked of {@code titles} once per chat, its id while it has none);
 * JSON events keep the id in {@code "chat"}, which scripts key on, and add the title as {@code "title"}.
 * Chat ids, titles and provider sentences come from plugins and are made safe before they are printed.
 */
final class SyncProgressPrinter implements SyncListener {

    /** How progress is shown. */
    enum Form { BAR, LINES, JSON }

    /** The JSON writer of {@code --json}, made on first use: every command opening the archive (the screen too) makes a printer. */
    static ObjectMapper json() {
        return Json.MAPPER;
    }

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
    /** The least time between two redraws of a work's progress (a throttle's interval). */
    static final long REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private final Form form;
    private final Function<String, Optional<String>> titles;
    private final Map<String, String> knownTitles = new ConcurrentHashMap<>();
    private boolean barDrawn;
    private WorkProgress lastWork;
    private int lastTenth = -2;

    /** A printer that names chats by their ids. */
    SyncProgressPrinter(PrintWriter out, Form form) {
        this(out, form, chatId -> Optional.empty());
    }

    /** A printer that names chats by the titles {@code titles} gives for their ids (empty: the id). */
    SyncProgressPrinter(PrintWriter out, Form form, Function<String, Optional<String>> titles) {
        this.out = out;
        this.form = form;
        this.titles = titles;
    }

    /** The chat's title, once known (asked again while unknown: a first sync records the chat as it starts). */
    private Optional<String> titleOf(String chatId) {
        String known = knownTitles.get(chatId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> title;
        try {
            title = titles.apply(chatId).filter(found -> !found.isBlank());
        } catch (RuntimeException unreadable) {
            title = Optional.empty();
        }
        title.ifPresent(found -> knownTitles.put(chatId, found));
        return title;
    }

    /** How lines name the chat: its title, else its id; made safe. */
    private String name(String chatId) {
        return safe(titleOf(chatId).orElse(chatId));
    }

    /** Which form fits: JSON when asked, a bar on a terminal, lines otherwise. */
    static Form formFor(boolean json) {
        return json ? Form.JSON : System.console() != null ? Form.BAR : Form.LINES;
    }

    @Override
    public synchronized void onSyncEvent(SyncEvent event) {
        switch (form) {
            case JSON -> printJson(event);
            case BAR -> drawBar(event);
            case LINES -> printLine(event);
        }
        out.flush();
    }

    /**
     * A step of work before any chat's sync starts, told by a provider (opening a backup: "decrypting
     * 104 MB, 30%…"): on a terminal it replaces the bar's line, so the steps take one line that the
     * sync's bar then reuses; as lines, one line each; in JSON, a {@code "step"} object. Made safe here.
     */
    synchronized void step(String provider, String sentence) {
        String line = safe(provider) + ": " + safe(sentence);
        switch (form) {
            case BAR -> {
                out.print("\r\u001b[2K" + line);
                barDrawn = true;
            }
            case LINES -> out.println(line);
            case JSON -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("event", "step");
                json.put("provider", safe(provider));
                json.put("text", safe(sentence));
                out.println(toJson(json));
            }
        }
        out.flush();
    }

    /**
     * How far a long piece of work has got that is not a chat's sync: a provider opening a file
     * ({@code ProviderEvent.Progress}: decrypting a backup, parsing an export) or the host's own work
     * (adopting a database). Drawn like the sync's bar, on the same line, on a terminal; as lines, one
     * when the work starts, one each tenth of the way and one when it ends (occasional, whatever the
     * reporting rate); in JSON, a {@code "work"} object at the same moments. Texts are made safe here.
     * Callers thin out the reports first ({@code ProgressThrottle}): this never slows the work.
     */
    synchronized void work(WorkProgress progress) {
        boolean sameWork = progress.sameWork(lastWork);
        boolean newStep = !sameWork || !progress.detail().equals(lastWork.detail());
        int tenth = progress.percent().orElse(-10) / 10;
        boolean worthALine = newStep || progress.finished() || tenth != lastTenth;
        if (form == Form.BAR) {
            out.print("\r\u001b[2K" + workLine(progress));
            barDrawn = true;
            if (progress.finished()) {
                finishLine();
            }
        } else if (worthALine && form == Form.LINES) {
            out.println(workLine(progress));
        } else if (worthALine && form == Form.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("event", "work");
            json.put("source", safe(progress.source()));
            json.put("operation", safe(progress.operation()));
            json.put("detail", safe(progress.detail()));
            json.put("done", progress.done());
            json.put("total", progress.total() < 0 ? null : progress.total());
            json.put("percent", progress.percent().isPresent() ? progress.percent().getAsInt() : null);
            out.println(toJson(json));
        }
        lastWork = progress;
        lastTenth = tenth;
        out.flush();
    }

    private static String workLine(WorkProgress progress) {
        StringBuilder line = new StringBuilder(safe(progress.source())).append(": ").append(safe(progress.operation()));
        if (!progress.detail().isBlank()) {
            line.append(" (").append(safe(progress.detail())).append(')');
        }
        if (progress.percent().isPresent()) {
            line.append(' ').append(ProgressBar.of(progress.percent().getAsInt()));
        } else if (progress.done() > 0) {
            line.append(' ').append(progress.done()).append(" done");
        } else {
            line.append("...");
        }
        return line.toString();
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    synchronized void finishLine() {
        if (barDrawn) {
            out.println();
            barDrawn = false;
        }
    }

    private void drawBar(SyncEvent event) {
        if (event instanceof SyncEvent.ProgressChanged changed) {
            ChatProgress progress = changed.chat();
            String line = name(progress.chatId()) + " " + ProgressBar.of(progress.percent()) + "  "
                    + progress.newMessages() + " new" + timeLeft(progress);
            out.print("\r\u001b[2K" + line);
            barDrawn = true;
        } else if (event instanceof SyncEvent.Retrying retrying) {
            finishLine();
            out.println(retryLine(retrying));
        }
    }

    private void printLine(SyncEvent event) {
        if (event instanceof SyncEvent.Started started) {
            out.println("Syncing " + name(started.chatId()) + (started.resumed() ? " (resuming)" : "")
                    + (started.restarted() ? " (starting over)" : "") + "...");
        } else if (event instanceof SyncEvent.ProgressChanged changed) {
            ChatProgress progress = changed.chat();
            out.println(name(progress.chatId()) + ": " + progress.newMessages() + " new messages, " + progress.percent()
                    + "%" + timeLeft(progress));
        } else if (event instanceof SyncEvent.Retrying retrying) {
            out.println(retryLine(retrying));
        }
    }

    private void printJson(SyncEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (event instanceof SyncEvent.Started started) {
            json.put("event", "started");
            json.put("chat", started.chatId());
            json.put("title", titleOf(started.chatId()).orElse(null));
            json.put("request", started.requestId());
            json.put("resume", started.resumed());
            json.put("restart", started.restarted());
        } else if (event instanceof SyncEvent.Retrying retrying) {
            json.put("event", "retrying");
            json.put("chat", retrying.chatId());
            json.put("title", titleOf(retrying.chatId()).orElse(null));
            json.put("attempt", retrying.failedAttempts());
            json.put("max_attempts", retrying.maxAttempts());
            json.put("delay_ms", retrying.delay().toMillis());
            json.put("reason", retrying.reason());
        } else if (event instanceof SyncEvent.ProgressChanged changed) {
            ChatProgress progress = changed.chat();
            json.put("event", "progress");
            json.put("chat", progress.chatId());
            json.put("title", titleOf(progress.chatId()).orElse(null));
            json.put("phase", progress.phase().name().toLowerCase(java.util.Locale.ROOT));
            json.put("new_messages", progress.newMessages());
            json.put("skipped_messages", progress.skippedMessages());
            json.put("percent", progress.percent());
            json.put("eta_seconds", progress.estimatedRemaining().map(Duration::toSeconds).orElse(null));
        } else if (event instanceof SyncEvent.Finished finished) {
            json.putAll(outcomeJson(finished.outcome()));
            json.put("event", "finished");
        } else {
            return;
        }
        out.println(toJson(json));
    }

    static Map<String, Object> outcomeJson(SyncOutcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "finished");
        json.put("chat", outcome.chatId());
        json.put("title", outcome.chatTitle());
        json.put("request", outcome.requestId());
        json.put("state", outcome.state().wireName());
        json.put("stop_reason", outcome.stopReason() == null ? null : outcome.stopReason().wireName());
        json.put("new_messages", outcome.newMessages());
        json.put("skipped_messages", outcome.skippedMessages());
        json.put("error", outcome.errorMessage());
        json.put("summary", outcome.describe());
        return json;
    }

    static String toJson(Object value) {
        try {
            return json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of plain values always serialise", e);
        }
    }

    private String retryLine(SyncEvent.Retrying retrying) {
        return name(retrying.chatId()) + ": " + safe(retrying.reason()) + " Trying again in "
                + Durations.shortly(retrying.delay()) + " (attempt " + (retrying.failedAttempts() + 1) + " of "
                + retrying.maxAttempts() + ").";
    }

    private static String timeLeft(ChatProgress progress) {
        return progress.estimatedRemaining().filter(left -> !left.isZero())
                .map(left -> ", about " + Durations.shortly(left) + " left").orElse("");
    }

    static String safe(String text) {
        return TerminalSanitizer.sanitizeLine(text == null ? "" : text);
    }

    /** Durations as people say them. */
    static final class Durations {
        private Durations() {
        }

        static String shortly(Duration duration) {
            long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
            if (seconds < 60) {
                return seconds + " s";
            }
            if (seconds < 3600) {
                return seconds / 60 + " min " + seconds % 60 + " s";
            }
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
    }
}
