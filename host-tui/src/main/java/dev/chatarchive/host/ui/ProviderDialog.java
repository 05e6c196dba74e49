package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What a provider needs the user to see: a QR code to scan, a pairing code to type, "logged out".
 * A newer QR code replaces the one shown; Esc closes.
 */
final class ProviderDialog implements Overlay {

    private final String providerName;
    private final String title;
    private List<String> qrLines = List.of();
    private final List<String> text = new ArrayList<>();

    private ProviderDialog(String providerName, String title) {
        this.providerName = providerName;
        this.title = title;
    }

    static ProviderDialog qrCode(String providerName, String data) {
        ProviderDialog dialog = new ProviderDialog(providerName, "Pair " + providerName);
        dialog.replaceQr(data);
        return dialog;
    }

    static ProviderDialog pairingCode(String providerName, String code) {
        ProviderDialog dialog = new ProviderDialog(providerName, "Pair " + providerName);
        dialog.text.add("On your phone, open linked devices, choose \"link with phone number\" and type:");
        dialog.text.add("");
        dialog.text.add("    " + TerminalSanitizer.sanitizeLine(code));
        return dialog;
    }

    static ProviderDialog message(String providerName, String title, String sentence) {
        ProviderDialog dialog = new ProviderDialog(providerName, title);
        dialog.text.add(TerminalSanitizer.sanitizeLine(sentence));
        return dialog;
    }

    String providerName() {
        return providerName;
    }

    boolean showsQrCode() {
        return !qrLines.isEmpty();
    }

    void replaceQr(String data) {
        text.clear();
        try {
            qrLines = QrCodeBlocks.render(data);
            text.add("Scan this code with your phone: Settings, Linked devices, Link a device.");
        } catch (IllegalArgumentException e) {
            qrLines = List.of();
            text.add(e.getMessage());
        }
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        return action == Action.BACK || action == Action.QUIT || action == Action.OPEN ? Outcome.CLOSE : Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        List<Line> lines = new ArrayList<>();
        for (String sentence : text) {
            for (String wrapped : TextLayout.wrap(sentence, Math.max(20, Math.min(columns - 6, 76)))) {
                lines.add(Line.of(wrapped, Style.PLAIN));
            }
        }
        boolean fits = qrLines.size() + lines.size() + 3 <= rows && (qrLines.isEmpty() || qrLines.get(0).length() + 4 <= columns);
        if (!qrLines.isEmpty() && !fits) {
            lines.add(Line.of("The terminal is too small for the QR code: make it at least "
                    + (qrLines.get(0).length() + 4) + "x" + (qrLines.size() + lines.size() + 3) + ".", Style.ERROR));
        } else {
            for (String qr : qrLines) {
                lines.add(Line.of(qr, Style.QR));
            }
        }
        lines.add(Line.of("Esc closes", Style.DIM));
        Overlay.box(canvas, columns, rows, TerminalSanitizer.sanitizeLine(title), lines, Style.ACCENT);
    }
}
