package dev.chatarchive.whatsapp.live;

import dev.chatarchive.api.ProviderContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live mode's settings, from the user's configuration file (keys under {@code whatsapp.}):
 * <ul>
 *   <li>{@code live.enabled}: {@code true} to pair with the phone and fetch history from it; default
 *       {@code false}, and nothing of live mode runs (no Node.js needed);
 *   <li>{@code live.pairing-phone}: pair by a code typed on the phone instead of a QR code; the phone
 *       number with its country code, for example {@code 31612345678};
 *   <li>{@code live.pause}: the least pause between two history requests; default {@code 3s};
 *   <li>{@code live.anchor-timestamp-unit}: {@code seconds} (default) or {@code milliseconds}, the unit
 *       of the anchor timestamp sent to WhatsApp (see docs/whatsapp-live.md for why it is a setting);
 *   <li>{@code live.request-timeout}: how long to wait for the phone's answer; default {@code 60s};
 *   <li>{@code live.quiet-period}: how long to wait for more chunks of an answer; default {@code 2s};
 *   <li>{@code live.node}, {@code live.npm}: the Node.js and npm executables; default from the PATH;
 *   <li>{@code live.install}: {@code auto} (default) installs the sidecar's npm packages from its lockfile
 *       on first use; {@code never} leaves it to the user;
 *   <li>{@code live.account}: a folder name for the paired account; default {@code default};
 *   <li>{@code live.socket-module}, {@code live.socket-config}: a module to use in place of Baileys and
 *       its JSON config, for tests with the simulated phone;
 *   <li>{@code live.restart-delay}: the first pause before the sidecar is restarted after it stopped;
 *       default {@code 1s}, doubling to a minute;
 *   <li>{@code live.wa-version}: the WhatsApp Web version to announce, for example
 *       {@code 2.3000.1043857760}; by default the sidecar looks up the current one (and falls back to
 *       the one built into Baileys). Set it when WhatsApp refuses the client as outdated (405).
 * </ul>
 */
record LiveSettings(boolean enabled, String account, String pairingPhone, Duration pause,
                    TimestampUnit anchorTimestampUnit, Duration requestTimeout, Duration quietPeriod,
                    String node, String npm, boolean autoInstall, Path socketModule, Path socketConfig,
                    Duration restartDelay, String waVersion) {

    /** The unit of the anchor timestamp in a history request. */
    enum TimestampUnit {
        SECONDS, MILLISECONDS;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    LiveSettings {
        Objects.requireNonNull(account, "account must not be null");
        if (!account.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("account must be 1-64 letters, digits, '.', '_' or '-', was '" + account + "'");
        }
        Objects.requireNonNull(pause, "pause must not be null");
        Objects.requireNonNull(anchorTimestampUnit, "anchorTimestampUnit must not be null");
        Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        Objects.requireNonNull(quietPeriod, "quietPeriod must not be null");
        Objects.requireNonNull(restartDelay, "restartDelay must not be null");
        Objects.requireNonNull(node, "node must not be null");
        Objects.requireNonNull(npm, "npm must not be null");
    }

    /** Whether the sidecar runs on the real Baileys (and so needs its npm packages). */
    boolean usesBaileys() {
        return socketModule == null;
    }

    /** The settings the user gave, or a sentence saying which one is wrong. */
    static LiveSettings from(ProviderContext context) throws InvalidSettingException {
        boolean enabled = flag(context, "live.enabled", false);
        Optional<String> phone = context.setting("live.pairing-phone");
        if (phone.isPresent() && !phone.get().matches("\\+?[0-9][0-9 -]{5,}")) {
            throw new InvalidSettingException("The setting whatsapp.live.pairing-phone='" + phone.get()
                    + "' is not a phone number: write it with its country code, for example 31612345678.");
        }
        String unit = context.setting("live.anchor-timestamp-unit").orElse("seconds").toLowerCase(Locale.ROOT);
        TimestampUnit timestampUnit = switch (unit) {
            case "seconds" -> TimestampUnit.SECONDS;
            case "milliseconds" -> TimestampUnit.MILLISECONDS;
            default -> throw new InvalidSettingException("The setting whatsapp.live.anchor-timestamp-unit='" + unit
                    + "' is not a unit: use seconds or milliseconds.");
        };
        String account = context.setting("live.account").orElse("default");
        if (!account.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidSettingException("The setting whatsapp.live.account='" + account
                    + "' must be a simple folder name: letters, digits, '.', '_' or '-'.");
        }
        Optional<String> waVersion = context.setting("live.wa-version").map(String::strip);
        if (waVersion.isPresent() && !waVersion.get().matches("\\d{1,5}\\.\\d{1,6}\\.\\d{1,12}")) {
            throw new InvalidSettingException("The setting whatsapp.live.wa-version='" + waVersion.get()
                    + "' is not a WhatsApp Web version: write three numbers, for example 2.3000.1043857760.");
        }
        String install = context.setting("live.install").orElse("auto");
        if (!install.equals("auto") && !install.equals("never")) {
            throw new InvalidSettingException("The setting whatsapp.live.install='" + install + "' must be auto or never.");
        }
        return new LiveSettings(enabled, account, phone.map(p -> p.replaceAll("\\D", "")).orElse(null),
                duration(context, "live.pause", Duration.ofSeconds(3)), timestampUnit,
                duration(context, "live.request-timeout", Duration.ofSeconds(60)),
                duration(context, "live.quiet-period", Duration.ofSeconds(2)),
                context.setting("live.node").orElse("node"), context.setting("live.npm").orElse("npm"),
                install.equals("auto"),
                context.setting("live.socket-module").map(Path::of).orElse(null),
                context.setting("live.socket-config").map(Path::of).orElse(null),
                duration(context, "live.restart-delay", Duration.ofSeconds(1)), waVersion.orElse(null));
    }

    private static boolean flag(ProviderContext context, String key, boolean fallback) throws InvalidSettingException {
        Optional<String> value = context.setting(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidSettingException("The setting whatsapp." + key + "='" + value.get()
                    + "' must be true or false.");
        };
    }

    /** "3s", "500ms", "2m", or a plain number of seconds. */
    private static Duration duration(ProviderContext context, String key, Duration fallback) throws InvalidSettingException {
        Optional<String> value = context.setting(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.get().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidSettingException("The setting whatsapp." + key + "='" + value.get()
                    + "' is not a duration: write for example 3s, 500ms or 2m.");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** A setting the user must fix; the message says how. */
    static final class InvalidSettingException extends Exception {
        InvalidSettingException(String message) {
            super(message);
        }
    }
}
