package org.hemamet.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.hemamet.core.HemametException;

/**
 * Loads a PNG/JPEG export (8- or 16-bit grayscale, or colour → luma via {@link ToLuminance}) as raw
 * sample values. Non-interlaced 8/16-bit grayscale PNG (what PACS and hemamet export) is decoded directly
 * (inflate + PNG row filters, no per-pixel objects); anything else goes through the JDK's ImageIO reader
 * for the format named by the file's magic bytes (never probing every installed codec). DICOM is read by
 * {@link org.hemamet.dicom.DicomReader}.
 */
public final class LoadImage {
    private LoadImage() {}

    public static FloatImage load(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return load(file, b);
    }

    /** Like {@link #load(Path)} for a file whose bytes the caller has already read ({@code b}, the whole file). */
    public static FloatImage load(Path file, byte[] b) {
        if (isPng(b) && b.length >= 24) {
            requireSize(file, int32(b, 16) & 0xFFFFFFFFL, int32(b, 20) & 0xFFFFFFFFL);
        }
        if (isPng(b)) {
            FloatImage fast = decodeGrayPng(file, b);
            if (fast != null) {
                return fast;
            }
        }
        requireUpright(file, b);
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(b))) {
            ImageReader r = reader(file, b);
            try {
                r.setInput(in);
                requireSize(file, r.getWidth(0), r.getHeight(0));
                img = r.read(0);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HemametException he) {
                throw he;
            }
            throw HemametException.invalidInput(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        return ToLuminance.apply(img);
    }

    /** Largest width or height decoded (an MR slice is at most 1024; refused before any allocation). */
    public static final int MAX_DIMENSION = 8192;

    /** Smallest width or height accepted (no MR slice or lesion crop is smaller). */
    public static final int MIN_DIMENSION = 8;

    /** Refuses, naming the file and its size, an image too large to decode or too small to be an MR image. */
    static void requireSize(Path file, long width, long height) {
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw HemametException.invalidInput(
                    file + ": image of " + width + "x" + height + " pixels exceeds the limit of " + MAX_DIMENSION + "x"
                            + MAX_DIMENSION + " (refused before decoding)");
        }
        if (width < MIN_DIMENSION || height < MIN_DIMENSION) {
            throw HemametException.invalidInput(file + ": image of " + width + "x" + height + " pixels is smaller than "
                    + MIN_DIMENSION + "x" + MIN_DIMENSION + " (not an MR image or lesion crop)");
        }
    }

    /** The file's image format by its first bytes: {@code png}, {@code jpeg}, or "" for anything else. */
    public static String format(Path file) {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            return "";
        }
        return isPng(head)
                ? "png"
                : head.length > 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 ? "jpeg" : "";
    }

    /** Width and height from the image header, without decoding the pixels. */
    public static int[] size(Path file) {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(32);
            if (head.length > 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
                // a JPEG's EXIF block lies in its first 64 KiB
                byte[] more = in.readNBytes((1 << 16) - head.length);
                int n = head.length;
                head = java.util.Arrays.copyOf(head, n + more.length);
                System.arraycopy(more, 0, head, n, more.length);
            }
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (isPng(head) && head.length >= 24) {
            return new int[] {int32(head, 16), int32(head, 20)};
        }
        requireUpright(file, head);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = reader(file, head);
            try {
                r.setInput(in);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read image header (" + e.getMessage() + ")", e);
        }
    }

    private static ImageReader reader(Path file, byte[] head) {
        String format = isPng(head)
                ? "png"
                : head.length > 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 ? "jpeg" : null;
        if (format == null) {
            throw HemametException.invalidInput(file
                    + (head.length == 0
                            ? ": empty file (0 bytes), not an image"
                            : ": not a PNG/JPEG image (nor a DICOM file: no DICM at byte 128)"));
        }
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio")) {
                return r;
            }
        }
        throw HemametException.invalidInput(file + ": no " + format + " decoder available");
    }

    /**
     * Refuses a JPEG whose EXIF orientation is not 1 (upright): browsers, and so VIA, show it rotated or
     * mirrored, while its pixels (what ImageIO decodes) are stored otherwise, so a region drawn on it would be
     * cropped from other pixels.
     */
    static void requireUpright(Path file, byte[] b) {
        int orientation = exifOrientation(b);
        if (orientation != 1) {
            throw HemametException.invalidInput(file + ": a JPEG with EXIF orientation " + orientation + " (shown"
                    + " rotated or mirrored by browsers, so by VIA, but stored otherwise): its regions would be cropped"
                    + " from other pixels; export it again without the orientation tag, or as PNG");
        }
    }

    /**
     * The EXIF Orientation (tag 0x0112 of IFD0 in a JPEG's APP1 "Exif" segment; TIFF 6.0 / Exif 2.3 §4.6.4),
     * or 1 when the bytes are not a JPEG, have no EXIF block or no such tag, or are cut short.
     */
    static int exifOrientation(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return 1;
        }
        int p = 2;
        while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
            int marker = b[p + 1] & 0xFF;
            int length = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            if (marker == 0xDA || length < 2) {
                return 1; // start of scan: no EXIF block before the image data
            }
            int seg = p + 4;
            if (marker == 0xE1
                    && seg + 6 <= b.length
                    && new String(b, seg, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("Exif")) {
                return tiffOrientation(b, seg + 6, Math.min(b.length, p + 2 + length));
            }
            p += 2 + length;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        java.util.function.IntUnaryOperator u16 =
                o -> little ? (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 : (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
        long ifd = little
                ? (b[tiff + 4] & 0xFFL)
                        | (b[tiff + 5] & 0xFFL) << 8
                        | (b[tiff + 6] & 0xFFL) << 16
                        | (b[tiff + 7] & 0xFFL) << 24
                : (b[tiff + 4] & 0xFFL) << 24
                        | (b[tiff + 5] & 0xFFL) << 16
                        | (b[tiff + 6] & 0xFFL) << 8
                        | (b[tiff + 7] & 0xFFL);
        int dir = (int) Math.min(Integer.MAX_VALUE, tiff + ifd);
        if (dir + 2 > end) {
            return 1;
        }
        int entries = u16.applyAsInt(dir);
        for (int i = 0; i < entries; i++) {
            int e = dir + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16.applyAsInt(e) == 0x0112 && u16.applyAsInt(e + 2) == 3) {
                int v = u16.applyAsInt(e + 8);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static boolean isPng(byte[] b) {
        return b.length >= 8 && (b[0] & 0xFF) == 137 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static int int32(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    /** Decodes a non-interlaced 8/16-bit grayscale PNG; null for any other kind (ImageIO handles those). */
    static FloatImage decodeGrayPng(Path file, byte[] b) {
        int pos = 8;
        int w = 0;
        int h = 0;
        int depth = 0;
        ByteArrayOutputStream idat = null; // only when the image data spans several IDAT chunks
        int idatStart = -1;
        int idatLen = 0;
        int idatChunks = 0;
        while (pos + 8 <= b.length) {
            int len = int32(b, pos);
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int data = pos + 8;
            if (len < 0 || data + len > b.length) {
                throw HemametException.invalidInput(file + ": truncated PNG (chunk " + type + ")");
            }
            if (type.equals("IHDR")) {
                w = int32(b, data);
                h = int32(b, data + 4);
                depth = b[data + 8];
                int colour = b[data + 9];
                int interlace = b[data + 12];
                if (colour != 0 || interlace != 0 || (depth != 8 && depth != 16) || w <= 0 || h <= 0) {
                    return null;
                }
            } else if (type.equals("IDAT")) {
                if (idatChunks++ == 0) {
                    idatStart = data;
                    idatLen = len;
                } else {
                    if (idat == null) {
                        idat = new ByteArrayOutputStream(b.length);
                        idat.write(b, idatStart, idatLen);
                    }
                    idat.write(b, data, len);
                }
            } else if (type.equals("IEND")) {
                break;
            }
            pos = data + len + 4;
        }
        if (w == 0) {
            return null;
        }
        int bpp = depth / 8;
        int stride = w * bpp;
        byte[] raw = new byte[(stride + 1) * h];
        Inflater inf = new Inflater();
        try {
            if (idat == null) {
                inf.setInput(b, Math.max(0, idatStart), idatLen);
            } else {
                inf.setInput(idat.toByteArray());
            }
            int n = 0;
            while (n < raw.length && !inf.finished()) {
                int k = inf.inflate(raw, n, raw.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n < raw.length) {
                throw HemametException.invalidInput(file + ": truncated PNG image data");
            }
        } catch (DataFormatException e) {
            throw HemametException.invalidInput(file + ": corrupt PNG image data (" + e.getMessage() + ")", e);
        } finally {
            inf.end();
        }
        // unfilter in place: row y's bytes are raw[o + 1 .. o + stride], its predecessor's o - stride ..
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int o = y * (stride + 1) + 1;
            int filter = raw[o - 1];
            int up = o - stride - 1; // start of the previous row's bytes (unused for y == 0)
            switch (filter) {
                case 0:
                    break;
                case 1:
                    for (int i = bpp; i < stride; i++) {
                        raw[o + i] += raw[o + i - bpp];
                    }
                    break;
                case 2:
                    if (y > 0) {
                        for (int i = 0; i < stride; i++) {
                            raw[o + i] += raw[up + i];
                        }
                    }
                    break;
                case 3:
                    for (int i = 0; i < stride; i++) {
                        int a = i >= bpp ? raw[o + i - bpp] & 0xFF : 0;
                        int u = y > 0 ? raw[up + i] & 0xFF : 0;
                        raw[o + i] += (byte) ((a + u) >>> 1);
                    }
                    break;
                case 4:
                    for (int i = 0; i < stride; i++) {
                        int a = i >= bpp ? raw[o + i - bpp] & 0xFF : 0;
                        int u = y > 0 ? raw[up + i] & 0xFF : 0;
                        int c = i >= bpp && y > 0 ? raw[up + i - bpp] & 0xFF : 0;
                        int pr = a + u - c;
                        int pa = Math.abs(pr - a);
                        int pb = Math.abs(pr - u);
                        int pc = Math.abs(pr - c);
                        raw[o + i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? u : c);
                    }
                    break;
                default:
                    throw HemametException.invalidInput(file + ": corrupt PNG (filter type " + filter + ")");
            }
            int row = y * w;
            if (bpp == 2) {
                for (int i = 0; i < w; i++) {
                    out[row + i] = (raw[o + 2 * i] & 0xFF) << 8 | (raw[o + 2 * i + 1] & 0xFF);
                }
            } else {
                for (int i = 0; i < w; i++) {
                    out[row + i] = raw[o + i] & 0xFF;
                }
            }
        }
        return new FloatImage(w, h, out);
    }
}
