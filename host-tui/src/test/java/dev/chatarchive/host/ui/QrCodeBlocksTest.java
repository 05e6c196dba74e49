package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class QrCodeBlocksTest {

    /** Turns the block characters back into pixels (light = white) and decodes them with zxing's reader. */
    private static String decode(List<String> lines) throws Exception {
        int scale = 4;
        int width = lines.get(0).length();
        int height = lines.size() * 2;
        int quiet = 8;
        int pixelsWide = (width + 2 * quiet) * scale;
        int pixelsHigh = (height + 2 * quiet) * scale;
        int[] pixels = new int[pixelsWide * pixelsHigh];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        for (int row = 0; row < lines.size(); row++) {
            for (int x = 0; x < width; x++) {
                char c = lines.get(row).charAt(x);
                boolean topLight = c == '█' || c == '▀';
                boolean bottomLight = c == '█' || c == '▄';
                paint(pixels, pixelsWide, (x + quiet) * scale, (row * 2 + quiet) * scale, scale, topLight);
                paint(pixels, pixelsWide, (x + quiet) * scale, (row * 2 + 1 + quiet) * scale, scale, bottomLight);
            }
        }
        LuminanceSource source = new RGBLuminanceSource(pixelsWide, pixelsHigh, pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }

    private static void paint(int[] pixels, int stride, int x0, int y0, int scale, boolean light) {
        for (int y = y0; y < y0 + scale; y++) {
            for (int x = x0; x < x0 + scale; x++) {
                pixels[y * stride + x] = light ? 0xFFFFFF : 0x000000;
            }
        }
    }

    @Test
    void render_pairingPayload_decodesBackToTheSameText() throws Exception {
        String payload = "2@Xq8vWk3pL1+fA9zYbC0dE=,mN4oP5qR6sT7uV8wX9yZ0aB1cD2eF3g=,hI4jK5lM6nO7pQ8rS9tU0vW1xY2zA3b=,c4D5e6F7g8H9i0J=";

        List<String> lines = QrCodeBlocks.render(payload);

        assertEquals(payload, decode(lines));
    }

    @Test
    void render_linesAreOfEqualWidthAndFitAnEightyColumnTerminal() {
        List<String> lines = QrCodeBlocks.render("2@" + "x".repeat(150));

        int width = lines.get(0).length();
        lines.forEach(line -> assertEquals(width, line.length()));
        assertEquals(true, width <= 76, "width " + width);
    }

    @Test
    void render_tooLongForAQrCode_isRefusedWithASentence() {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class,
                () -> QrCodeBlocks.render("x".repeat(10_000)));

        assertEquals("The pairing code is too long to draw as a QR code.", problem.getMessage());
    }
}
