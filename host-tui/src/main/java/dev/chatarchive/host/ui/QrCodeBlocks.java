package dev.chatarchive.host.ui;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QR code drawn with block characters, two modules per text row, so that a phone can scan it off
 * the terminal (pairing a linked device).
 *
 * <p>Each cell shows the top module in its upper half and the bottom one in its lower half; a light
 * module is ink ({@code █ ▀ ▄}), a dark module is blank. The dialog draws the lines white on black
 * so the code has the right polarity whatever the terminal's theme, with a quiet zone of two
 * modules around it. Low error correction keeps the code small enough for an 80x24 terminal.
 */
public final class QrCodeBlocks {

    private static final int QUIET_ZONE_MODULES = 2;

    private QrCodeBlocks() {
    }

    /**
     * The lines of the QR code for {@code data}, each of equal width.
     *
     * @throws IllegalArgumentException when {@code data} is too long for a QR code
     */
    public static List<String> render(String data) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
                    EncodeHintType.MARGIN, QUIET_ZONE_MODULES,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The pairing code is too long to draw as a QR code.", e);
        }
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < modules.getHeight(); y += 2) {
            StringBuilder line = new StringBuilder(modules.getWidth());
            for (int x = 0; x < modules.getWidth(); x++) {
                boolean topLight = !modules.get(x, y);
                boolean bottomLight = y + 1 >= modules.getHeight() || !modules.get(x, y + 1);
                line.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
