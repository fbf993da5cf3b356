package org.hemamet.preprocess;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes an image with values in [0, 1] as a 16-bit grayscale PNG (value = round(v × 65535), clipped),
 * with a minimal deterministic encoder: IHDR, one IDAT (PNG "Sub" filter on every row, zlib level
 * {@value #DEFLATE_LEVEL}), IEND, no timestamps or text chunks — the same image always gives the same bytes.
 *
 * <p>The zlib level changes the bytes, never the pixels: any PNG reader decodes the same values from a level-1
 * and a level-6 file. Level 1 halves the deflate time of a 256×256 crop of the synthetic cohort (2.6 vs 5.1 ms of
 * CPU on a 2-core AMD EPYC) for files 9 % larger (64 vs 58 KB); datasets ingested before used level 6.
 */
public final class SavePng16 {
    static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    /** The zlib level of the crops ingest writes (1 = fastest; it fixes the bytes, not the pixel values). */
    public static final int DEFLATE_LEVEL = 1;

    /** The crop storage in words, for the dataset's provenance (ingest-report.json). */
    public static final String FORMAT = "16-bit grayscale PNG, Sub filter, zlib level " + DEFLATE_LEVEL
            + " (lossless; the level fixes the bytes," + " not the pixel values)";

    private SavePng16() {}

    /** The PNG of {@code img} as ingest stores crops (zlib level {@value #DEFLATE_LEVEL}). */
    public static byte[] encode(FloatImage img) {
        return encode(img, DEFLATE_LEVEL);
    }

    /** The PNG of {@code img} with IDAT deflated at zlib {@code level} (0-9). */
    public static byte[] encode(FloatImage img, int level) {
        int w = img.width();
        int h = img.height();
        float[] px = img.pixels();
        int stride = 1 + 2 * w;
        byte[] raw = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            int o = y * stride;
            raw[o] = 1; // Sub filter
            int prev = 0;
            for (int x = 0; x < w; x++) {
                float v = px[y * w + x];
                // == Math.round(v * 65535f): the float product plus 0.5 is exact in double (0 < x < 65535)
                int q = v <= 0 ? 0 : v >= 1 ? 65535 : (int) ((double) (v * 65535f) + 0.5);
                int hiB = q >>> 8;
                int loB = q & 0xFF;
                int prevHi = prev >>> 8;
                int prevLo = prev & 0xFF;
                raw[o + 1 + 2 * x] = (byte) (hiB - prevHi);
                raw[o + 2 + 2 * x] = (byte) (loB - prevLo);
                prev = q;
            }
        }
        Deflater d = new Deflater(level);
        byte[] compressed;
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(buf);
                z.write(buf, 0, n);
            }
            compressed = z.toByteArray();
        } finally {
            d.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length + 64);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 16; // bit depth
        ihdr[9] = 0; // grayscale
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", compressed);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
