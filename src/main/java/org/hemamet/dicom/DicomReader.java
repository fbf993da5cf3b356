package org.hemamet.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hemamet.core.HemametException;
import org.hemamet.preprocess.FloatImage;

/**
 * Reads DICOM files with PixelMed: the header into a {@link DicomDescriptor}, the pixel data as the raw
 * stored values (Bits Stored masked, sign-extended when Pixel Representation is 1) with the modality LUT
 * (Rescale Slope / Intercept) applied — the analysis path, never the display-windowed image. A MONOCHROME1
 * image (the lowest value shown white) is turned into MONOCHROME2 order, so that bright is high in every
 * image: each value v becomes {@code slope·(lo + hi) + 2·intercept − v}, where [lo, hi] is the stored range
 * Bits Stored and Pixel Representation allow (DICOM PS3.3 C.7.6.3.1.2: what a viewer shows inverted, done here
 * to the values themselves). A T2-bright lesion is then bright whatever the vendor wrote.
 *
 * <p>Transfer syntaxes: implicit/explicit VR little endian, explicit VR big endian, deflate, RLE lossless,
 * JPEG baseline/lossless (PixelMed codec) and JPEG 2000 (jai-imageio-jpeg2000). JPEG-LS has no Java decoder
 * on the class path and is rejected with an "unsupported transfer syntax" error. Pixel data shorter than
 * Rows × Columns × Samples × BitsAllocated/8 is rejected. Every error is a
 * {@link HemametException#invalidInput} naming the file.
 *
 * <p>Speed: native (uncompressed) 16-bit pixel data is read straight from the file's bytes after a
 * header-only PixelMed parse (no per-sample stream reads, no second copy); PixelMed's full read remains the
 * path for every other case and for every error, so values and messages are the same either way.
 */
public final class DicomReader {
    /** PixelMed logs decoder failures through java.util.logging; we report them ourselves. */
    private static final Logger PIXELMED_LOG = Logger.getLogger("com.pixelmed");

    static {
        PIXELMED_LOG.setLevel(Level.OFF);
    }

    private static final Map<String, String> TS_NAMES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2", "Implicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.1", "Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.2", "Explicit VR Big Endian"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless SV1"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"));

    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    private static final AttributeTag SCANNINGSEQUENCE = new AttributeTag(0x0018, 0x0020);
    private static final AttributeTag SEQUENCEVARIANT = new AttributeTag(0x0018, 0x0021);
    private static final AttributeTag SCANOPTIONS = new AttributeTag(0x0018, 0x0022);
    private static final AttributeTag SEQUENCENAME = new AttributeTag(0x0018, 0x0024);
    private static final AttributeTag BODYPARTEXAMINED = new AttributeTag(0x0018, 0x0015);
    private static final AttributeTag INVERSIONTIME = new AttributeTag(0x0018, 0x0082);
    private static final AttributeTag MAGNETICFIELDSTRENGTH = new AttributeTag(0x0018, 0x0087);
    /** PixelMed's message when no ImageIO codec handles a compressed transfer syntax. */
    private static final java.util.regex.Pattern NO_READER =
            java.util.regex.Pattern.compile("(?i)no reader .*transfer syntax ([0-9.]+)");

    /** jj2000's message for any failure inside its decoder (a cut or corrupt codestream). */
    private static final String JJ2000_UNCAUGHT = "An uncaught runtime exception has occurred";

    private DicomReader() {}

    /**
     * True when the file is DICOM, any name, any extension: it has the Part 10 preamble ("DICM" at offset 128), or
     * it is a bare data set without preamble and meta header ({@link #isBareDataSet}), as older PACS and some
     * anonymisers write them.
     */
    public static boolean isDicom(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(132);
            boolean part10 = b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
            return part10 || isBareDataSet(b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Media Storage Directory Storage: the SOP class of a DICOMDIR (PS3.10 section 8; PS3.3 F). */
    static final String MEDIA_DIRECTORY = "1.2.840.10008.1.3.10";

    /**
     * True when the file is a DICOMDIR: a Part 10 file whose meta header's MediaStorageSOPClassUID is Media Storage
     * Directory Storage. It indexes the images of a CD or USB export and holds no image itself; the files it lists
     * are read directly.
     */
    public static boolean isMediaDirectory(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(132 + 512); // the meta header's first elements
        } catch (IOException e) {
            return false;
        }
        if (b.length < 132 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
            return false;
        }
        String meta = new String(b, 132, b.length - 132, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = meta.indexOf(MEDIA_DIRECTORY);
        if (at < 0) {
            return false;
        }
        int end = at + MEDIA_DIRECTORY.length();
        // the whole value (UIDs are padded with NUL), not the start of a longer UID
        return end == meta.length() || !(Character.isDigit(meta.charAt(end)) || meta.charAt(end) == '.');
    }

    /**
     * True when {@code start} (a file's first bytes) begins as a little-endian data set without preamble: an
     * element of group 0002 or 0008 (every image's first elements) followed by an explicit VR's two upper-case
     * letters or an implicit VR's even length below 64 KiB. dcm4che's {@code DicomInputStream} guesses a bare data
     * set the same way; PixelMed reads it (implicit or explicit VR). PNG, JPEG and text never start so.
     */
    static boolean isBareDataSet(byte[] start) {
        if (start.length < 8) {
            return false;
        }
        int group = u16le(start, 0);
        if (group != 0x0002 && group != 0x0008) {
            return false;
        }
        boolean explicitVr = start[4] >= 'A' && start[4] <= 'Z' && start[5] >= 'A' && start[5] <= 'Z';
        long implicitLength = u32le(start, 4);
        return explicitVr || (implicitLength < 0x10000 && implicitLength % 2 == 0);
    }

    /** Reads the header only (stops before Pixel Data); a multi-frame file's as seen on its first frame. */
    public static DicomDescriptor readHeader(Path file) {
        return readHeader(file, 0);
    }

    /**
     * Reads the header only (stops before Pixel Data), as seen on frame {@code frame} (0-based): an enhanced
     * MR file's values that live in the frame's own functional groups (its TE, TI, rescale) are that frame's.
     */
    public static DicomDescriptor readHeader(Path file, int frame) {
        return LibraryOutput.quietly(() -> readHeaderQuietly(file, frame));
    }

    private static DicomDescriptor readHeaderQuietly(Path file, int frame) {
        AttributeList al = new AttributeList();
        try {
            al.read(file.toFile(), TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + e.getMessage() + ")", e);
        }
        return describe(al, frame);
    }

    /**
     * A header read once, with where its Pixel Data element starts, so that the pixels of the same file can
     * later be decoded without parsing the header again ({@link #read(Path, byte[], int, Indexed)}).
     *
     * @param descriptor      the header
     * @param afterPixelTag   the byte offset just after the Pixel Data tag (0 when the file has none)
     */
    public record Indexed(DicomDescriptor descriptor, long afterPixelTag) {}

    /** Reads the header only (stops before Pixel Data), noting where Pixel Data starts. */
    public static Indexed readHeaderIndexed(Path file) {
        return LibraryOutput.quietly(() -> readHeaderIndexedQuietly(file));
    }

    private static Indexed readHeaderIndexedQuietly(Path file) {
        AttributeList al = new AttributeList();
        long afterTag;
        try (DicomInputStream in =
                new DicomInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 14))) {
            afterTag = al.read(in, TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + e.getMessage() + ")", e);
        }
        return new Indexed(describe(al, 0), afterTag);
    }

    /**
     * As {@link #read(Path, byte[], int)} for a file whose header was read before ({@link #readHeaderIndexed}):
     * an uncompressed 16-bit frame is decoded at the noted offset without parsing the header again; anything
     * else (or bytes that no longer hold Pixel Data there) takes the full path.
     */
    public static DicomImage read(Path file, byte[] content, int frame, Indexed known) {
        FloatImage lean = known.afterPixelTag() > 0
                ? leanDecode(file, content, known.afterPixelTag(), known.descriptor(), frame)
                : null;
        return lean != null ? image(known.descriptor(), lean) : read(file, content, frame);
    }

    /** Reads the header and the first frame's modality values. */
    public static DicomImage read(Path file) {
        return read(file, 0);
    }

    /** Reads the header and frame {@code frame} (0-based) as modality values. */
    public static DicomImage read(Path file, int frame) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + e.getMessage() + ")", e);
        }
        return read(file, content, frame);
    }

    /**
     * Like {@link #read(Path, int)} for a file whose bytes the caller has already read (e.g. to hash them):
     * {@code content} must be the whole file. Uncompressed transfer syntaxes (implicit/explicit VR little
     * endian, explicit VR big endian) with 16-bit native pixel data are decoded straight from these bytes
     * after a header-only PixelMed parse; everything else (compressed, deflated, 8-bit, anything unusual)
     * goes through PixelMed's full read of {@code file}. Both give the same values.
     */
    public static DicomImage read(Path file, byte[] content, int frame) {
        return LibraryOutput.quietly(() -> readQuietly(file, content, frame));
    }

    private static DicomImage readQuietly(Path file, byte[] content, int frame) {
        AttributeList header = new AttributeList();
        long afterTag;
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(content))) {
            afterTag = header.read(in, TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            return readWithPixelMed(file, frame);
        }
        DicomDescriptor d = describe(header, frame);
        FloatImage lean = leanDecode(file, content, afterTag, d, frame);
        return lean != null ? image(d, lean) : readWithPixelMed(file, frame);
    }

    /**
     * Decodes native 16-bit pixel data directly: {@code afterTag} is where PixelMed stopped, just after the
     * Pixel Data tag; returns null when anything is not the plain case (the caller then uses PixelMed).
     */
    /** Largest Rows or Columns decoded (an MR slice is at most 1024; refused before any allocation). */
    public static final int MAX_DIMENSION = 8192;

    private static FloatImage leanDecode(Path file, byte[] b, long afterTag, DicomDescriptor d, int frame) {
        String ts = d.transferSyntaxUid();
        boolean implicit = ts.equals(IMPLICIT_LE);
        boolean bigEndian = ts.equals(EXPLICIT_BE);
        if (!(implicit || bigEndian || ts.equals(EXPLICIT_LE))
                || d.bitsAllocated() != 16
                || d.rows() <= 0
                || d.columns() <= 0
                || d.rows() > MAX_DIMENSION
                || d.columns() > MAX_DIMENSION
                || d.samplesPerPixel() != 1
                || !d.photometric().startsWith("MONOCHROME")
                || frame < 0
                || frame >= d.frames()
                || afterTag < 4
                || afterTag > b.length) {
            return null;
        }
        int tagPos = (int) afterTag - 4;
        int group = bigEndian ? u16be(b, tagPos) : u16le(b, tagPos);
        int element = bigEndian ? u16be(b, tagPos + 2) : u16le(b, tagPos + 2);
        if (group != 0x7FE0 || element != 0x0010) {
            return null;
        }
        int p = tagPos + 4;
        long length;
        if (implicit) {
            if (p + 4 > b.length) {
                return null;
            }
            length = u32le(b, p);
            p += 4;
        } else {
            if (p + 8 > b.length || b[p] != 'O' || b[p + 1] != 'W') {
                return null;
            }
            length = bigEndian ? u32be(b, p + 4) : u32le(b, p + 4);
            p += 8;
        }
        int n = d.rows() * d.columns();
        long need = 2L * n * d.frames(); // every frame NumberOfFrames claims, not only the one read
        if (length == 0xFFFFFFFFL || length < need || p + length > b.length) {
            return null; // encapsulated, short or truncated: PixelMed decides and reports
        }
        int bitsStored = d.bitsStored() <= 0 ? d.bitsAllocated() : d.bitsStored();
        int shift = Math.max(0, d.highBit() + 1 - bitsStored);
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        boolean signed = d.pixelSigned();
        double slope = d.rescaleSlope();
        double icpt = d.rescaleIntercept();
        boolean identity = slope == 1.0 && icpt == 0.0;
        float[] out = new float[n];
        int o = p + 2 * n * frame;
        if (identity && !signed && shift == 0) {
            // the common MR case (unsigned, no rescale, low bits): one bulk byte-order copy, then a plain loop
            short[] raw = new short[n];
            java.nio.ByteBuffer.wrap(b, o, 2 * n)
                    .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer()
                    .get(raw);
            int m = mask & 0xFFFF;
            for (int i = 0; i < n; i++) {
                out[i] = raw[i] & m;
            }
            return new FloatImage(d.columns(), d.rows(), out);
        }
        int hi = bigEndian ? 0 : 1;
        int lo = 1 - hi;
        for (int i = 0; i < n; i++, o += 2) {
            int raw = (b[o + hi] & 0xFF) << 8 | (b[o + lo] & 0xFF);
            int v = (raw >>> shift) & mask;
            if (signed && (v & signBit) != 0) {
                v -= signBit << 1;
            }
            out[i] = identity ? v : (float) (v * slope + icpt);
        }
        return new FloatImage(d.columns(), d.rows(), out);
    }

    /** The image of {@code d} with its modality values {@code pixels}, MONOCHROME1 turned into MONOCHROME2 order. */
    private static DicomImage image(DicomDescriptor d, FloatImage pixels) {
        return new DicomImage(d, d.photometric().strip().equals("MONOCHROME1") ? inverted(d, pixels) : pixels);
    }

    /** {@code slope·(lo + hi) + 2·intercept − v} for each modality value v (see the class comment). */
    static FloatImage inverted(DicomDescriptor d, FloatImage img) {
        int bitsStored = d.bitsStored() <= 0 ? d.bitsAllocated() : d.bitsStored();
        long lo = d.pixelSigned() ? -(1L << (bitsStored - 1)) : 0;
        long hi = d.pixelSigned() ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
        double mirror = d.rescaleSlope() * (lo + hi) + 2 * d.rescaleIntercept();
        float[] in = img.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) (mirror - in[i]);
        }
        return new FloatImage(img.width(), img.height(), out);
    }

    private static int u16le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    private static int u16be(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
    }

    private static long u32le(byte[] b, int o) {
        return (u16le(b, o) | (long) u16le(b, o + 2) << 16) & 0xFFFFFFFFL;
    }

    private static long u32be(byte[] b, int o) {
        return ((long) u16be(b, o) << 16 | u16be(b, o + 2)) & 0xFFFFFFFFL;
    }

    /** The general path: PixelMed reads and (if needed) decompresses the whole file. */
    static DicomImage readWithPixelMed(Path file, int frame) {
        return LibraryOutput.quietly(() -> readWithPixelMedQuietly(file, frame));
    }

    private static DicomImage readWithPixelMedQuietly(Path file, int frame) {
        AttributeList al = new AttributeList();
        al.setDecompressPixelData(true);
        try {
            al.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            java.util.regex.Matcher m = NO_READER.matcher(msg);
            if (m.find()) {
                throw unsupported(file, m.group(1));
            }
            if (msg.equals(JJ2000_UNCAUGHT)) {
                throw HemametException.invalidInput(
                        file + ": cannot decode the pixel data (the JPEG 2000 stream is corrupt or cut short)", e);
            }
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + msg + ")", e);
        } catch (Error e) {
            throw codecError(file, e);
        }
        DicomDescriptor d = describe(al, frame);
        try {
            return image(d, decode(file, al, d, frame));
        } catch (Error e) {
            throw codecError(file, e);
        }
    }

    /**
     * The image codecs PixelMed calls (jj2000 for JPEG 2000, among others) throw {@link Error}s on corrupt
     * data: refused as bad input, naming the file. The virtual machine's own errors (out of memory) go on.
     */
    private static HemametException codecError(Path file, Error e) {
        if (e instanceof VirtualMachineError v) {
            throw v;
        }
        String msg = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return HemametException.invalidInput(file + ": cannot decode the pixel data (" + msg + ")", e);
    }

    private static HemametException unsupported(Path file, String ts) {
        return HemametException.invalidInput(file + ": unsupported transfer syntax " + ts + " ("
                + TS_NAMES.getOrDefault(ts, "unknown") + "): no decoder available; export the series uncompressed"
                + " or as JPEG 2000");
    }

    private static FloatImage decode(Path file, AttributeList al, DicomDescriptor d, int frame) {
        if (d.rows() <= 0 || d.columns() <= 0) {
            throw HemametException.invalidInput(
                    file + ": no image (Rows/Columns missing: not an image, or the file is cut short)");
        }
        if (d.rows() > MAX_DIMENSION || d.columns() > MAX_DIMENSION) {
            throw HemametException.invalidInput(file + ": Rows x Columns " + d.rows() + "x" + d.columns()
                    + " exceeds the limit of " + MAX_DIMENSION + "x" + MAX_DIMENSION + " (refused before allocating)");
        }
        if (d.samplesPerPixel() != 1 || !d.photometric().startsWith("MONOCHROME")) {
            throw HemametException.invalidInput(file + ": unsupported photometric interpretation '" + d.photometric()
                    + "' with " + d.samplesPerPixel() + " samples per pixel (MR needs MONOCHROME1/2)");
        }
        if (frame < 0 || frame >= d.frames()) {
            throw HemametException.invalidInput(
                    file + ": frame " + frame + " out of range (" + d.frames() + " frames)");
        }
        int n = d.rows() * d.columns();
        int bytesPerSample = (d.bitsAllocated() + 7) / 8;
        long expectedBytes = (long) n * d.frames() * bytesPerSample;
        Attribute pd = al.get(TagFromName.PixelData);
        String truncated = file + ": pixel data truncated or missing (expected " + expectedBytes + " bytes for "
                + d.frames() + " frame(s) of " + d.columns() + "x" + d.rows() + " at " + d.bitsAllocated() + " bits)";
        if (pd == null) {
            throw HemametException.invalidInput(truncated);
        }
        int bitsStored = d.bitsStored() <= 0 ? d.bitsAllocated() : d.bitsStored();
        int shift = Math.max(0, d.highBit() + 1 - bitsStored);
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        boolean signed = d.pixelSigned();
        float[] out = new float[n];
        double slope = d.rescaleSlope();
        double icpt = d.rescaleIntercept();
        boolean identity = slope == 1.0 && icpt == 0.0;
        int offset = frame * n;
        try {
            if (d.bitsAllocated() == 16) {
                short[] s = pd.getShortValues();
                if (s == null || s.length < (long) offset + n) {
                    throw HemametException.invalidInput(truncated);
                }
                requireAllFrames(file, d, s.length / n);
                for (int i = 0; i < n; i++) {
                    int v = ((s[offset + i] & 0xFFFF) >>> shift) & mask;
                    if (signed && (v & signBit) != 0) {
                        v -= signBit << 1;
                    }
                    out[i] = identity ? v : (float) (v * slope + icpt);
                }
            } else if (d.bitsAllocated() == 8) {
                byte[] b = pd instanceof OtherByteAttribute ? pd.getByteValues() : null;
                if (b == null || b.length < (long) offset + n) {
                    throw HemametException.invalidInput(truncated);
                }
                requireAllFrames(file, d, b.length / n);
                for (int i = 0; i < n; i++) {
                    int v = ((b[offset + i] & 0xFF) >>> shift) & mask;
                    if (signed && (v & signBit) != 0) {
                        v -= signBit << 1;
                    }
                    out[i] = identity ? v : (float) (v * slope + icpt);
                }
            } else {
                throw HemametException.invalidInput(
                        file + ": unsupported Bits Allocated " + d.bitsAllocated() + " (8 or 16 supported)");
            }
        } catch (DicomException e) {
            throw HemametException.invalidInput(file + ": cannot read pixel data (" + e.getMessage() + ")", e);
        }
        return new FloatImage(d.columns(), d.rows(), out);
    }

    /** A header that claims more frames than its pixel data holds is refused, whichever frame is read. */
    private static void requireAllFrames(Path file, DicomDescriptor d, long framesPresent) {
        if (framesPresent < d.frames()) {
            throw HemametException.invalidInput(
                    file + ": NumberOfFrames says " + d.frames() + " but the pixel data holds " + framesPresent
                            + " frame(s) of " + d.columns() + "x" + d.rows() + " (truncated or a wrong header)");
        }
    }

    private static final AttributeTag ECHO_PULSE_SEQUENCE = new AttributeTag(0x0018, 0x9008);
    private static final AttributeTag INVERSION_RECOVERY = new AttributeTag(0x0018, 0x9009);
    private static final AttributeTag EFFECTIVE_ECHO_TIME = new AttributeTag(0x0018, 0x9082);
    private static final AttributeTag INVERSION_TIMES = new AttributeTag(0x0018, 0x9079);
    private static final AttributeTag CONTRAST_BOLUS_AGENT_SEQUENCE = new AttributeTag(0x0018, 0x0012);
    private static final AttributeTag CODE_MEANING = new AttributeTag(0x0008, 0x0104);

    /**
     * An enhanced (multi-frame) MR image keeps what a classic one has at the top level in functional groups
     * (DICOM PS3.3 C.7.6.16, C.8.13): each attribute the top level lacks is taken from the shared groups, else
     * from frame {@code frame}'s (0-based; the first frame's when the header lists fewer: so per-frame values,
     * like a Philips rescale or the echo time of one echo of a multi-echo series, are that frame's), and the
     * enhanced names are read as the classic ones: EffectiveEchoTime as EchoTime, the first InversionTimes as
     * InversionTime, EchoPulseSequence SPIN/GRADIENT/BOTH (with InversionRecovery YES) as ScanningSequence
     * SE/GR/SE\GR (and IR), the first ContrastBolusAgentSequence item's CodeMeaning as ContrastBolusAgent.
     * A classic image is left as it is.
     */
    private static void liftFunctionalGroups(AttributeList al, int frame) {
        for (AttributeList item :
                new AttributeList[] {firstItem(al, TagFromName.SharedFunctionalGroupsSequence), frameItem(al, frame)}) {
            if (item == null) {
                continue;
            }
            for (Attribute macro : item.values()) {
                AttributeList inner = macro instanceof SequenceAttribute sq && sq.getNumberOfItems() > 0
                        ? sq.getItem(0).getAttributeList()
                        : null;
                if (inner != null) {
                    inner.values().forEach(a -> al.putIfAbsent(a.getTag(), a));
                }
            }
        }
        alias(al, EFFECTIVE_ECHO_TIME, TagFromName.EchoTime);
        alias(al, INVERSION_TIMES, INVERSIONTIME);
        if (strings(al, SCANNINGSEQUENCE).length == 0
                && !str(al, ECHO_PULSE_SEQUENCE).isEmpty()) {
            String scanning =
                    switch (str(al, ECHO_PULSE_SEQUENCE).toUpperCase(java.util.Locale.ROOT)) {
                        case "SPIN" -> "SE";
                        case "GRADIENT" -> "GR";
                        case "BOTH" -> "SE\\GR";
                        default -> "";
                    };
            if (str(al, INVERSION_RECOVERY).equalsIgnoreCase("YES")) {
                scanning = scanning.isEmpty() ? "IR" : scanning + "\\IR";
            }
            putString(al, new com.pixelmed.dicom.CodeStringAttribute(SCANNINGSEQUENCE), scanning);
        }
        if (str(al, TagFromName.ContrastBolusAgent).isEmpty()) {
            AttributeList agent = firstItem(al, CONTRAST_BOLUS_AGENT_SEQUENCE);
            if (agent != null && !str(agent, CODE_MEANING).isEmpty()) {
                putString(
                        al,
                        new com.pixelmed.dicom.LongStringAttribute(TagFromName.ContrastBolusAgent),
                        str(agent, CODE_MEANING));
            }
        }
    }

    /** Frame {@code frame}'s item of the per-frame functional groups (the first when there are fewer), or null. */
    private static AttributeList frameItem(AttributeList al, int frame) {
        return al.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute sq
                        && sq.getNumberOfItems() > frame
                        && frame > 0
                ? sq.getItem(frame).getAttributeList()
                : firstItem(al, TagFromName.PerFrameFunctionalGroupsSequence);
    }

    /** The first item of sequence {@code tag}, or null. */
    private static AttributeList firstItem(AttributeList al, AttributeTag tag) {
        return al.get(tag) instanceof SequenceAttribute sq && sq.getNumberOfItems() > 0
                ? sq.getItem(0).getAttributeList()
                : null;
    }

    /** Gives {@code to} the first value of {@code from} when only {@code from} is present. */
    private static void alias(AttributeList al, AttributeTag from, AttributeTag to) {
        String[] v = strings(al, from);
        if (strings(al, to).length == 0 && v.length > 0 && !v[0].isEmpty()) {
            putString(al, new com.pixelmed.dicom.DecimalStringAttribute(to), v[0]);
        }
    }

    private static void putString(AttributeList al, Attribute a, String value) {
        if (value.isEmpty()) {
            return;
        }
        try {
            for (String v : value.split("\\\\")) {
                a.addValue(v);
            }
        } catch (DicomException e) {
            return; // a value the VR refuses: the field stays absent, as in the file
        }
        al.put(a);
    }

    private static DicomDescriptor describe(AttributeList al, int frame) {
        liftFunctionalGroups(al, frame);
        double[] spacing = doubles(al, TagFromName.PixelSpacing);
        double slope = dbl(al, TagFromName.RescaleSlope);
        double icpt = dbl(al, TagFromName.RescaleIntercept);
        String scanning = String.join("\\", strings(al, SCANNINGSEQUENCE));
        String variant = String.join("\\", strings(al, SEQUENCEVARIANT));
        return new DicomDescriptor(
                str(al, TagFromName.SOPInstanceUID),
                str(al, TagFromName.SeriesInstanceUID),
                str(al, TagFromName.StudyInstanceUID),
                str(al, TagFromName.SOPClassUID),
                str(al, TagFromName.Modality),
                str(al, TagFromName.TransferSyntaxUID),
                str(al, TagFromName.LossyImageCompression),
                str(al, TagFromName.BurnedInAnnotation),
                integer(al, TagFromName.Rows, 0),
                integer(al, TagFromName.Columns, 0),
                Math.max(1, integer(al, TagFromName.NumberOfFrames, 1)),
                integer(al, TagFromName.SamplesPerPixel, 1),
                str(al, TagFromName.PhotometricInterpretation).isEmpty()
                        ? "MONOCHROME2"
                        : str(al, TagFromName.PhotometricInterpretation),
                integer(al, TagFromName.BitsAllocated, 16),
                integer(al, TagFromName.BitsStored, 0),
                integer(al, TagFromName.HighBit, -1) < 0
                        ? integer(al, TagFromName.BitsStored, 16) - 1
                        : integer(al, TagFromName.HighBit, -1),
                integer(al, TagFromName.PixelRepresentation, 0) == 1,
                Double.isNaN(slope) || slope == 0 ? 1.0 : slope,
                Double.isNaN(icpt) ? 0.0 : icpt,
                str(al, TagFromName.SeriesDescription),
                str(al, TagFromName.ProtocolName),
                scanning,
                variant,
                String.join("\\", strings(al, SCANOPTIONS)),
                str(al, SEQUENCENAME),
                String.join("\\", strings(al, TagFromName.ImageType)),
                str(al, BODYPARTEXAMINED),
                dbl(al, TagFromName.RepetitionTime),
                dbl(al, TagFromName.EchoTime),
                dbl(al, INVERSIONTIME),
                str(al, TagFromName.ContrastBolusAgent),
                dbl(al, MAGNETICFIELDSTRENGTH),
                spacing.length > 0 ? spacing[0] : Double.NaN,
                spacing.length > 1 ? spacing[1] : Double.NaN,
                dbl(al, TagFromName.SliceThickness),
                doubles(al, TagFromName.ImageOrientationPatient),
                doubles(al, TagFromName.ImagePositionPatient),
                integer(al, TagFromName.InstanceNumber, 0),
                str(al, TagFromName.Manufacturer),
                str(al, TagFromName.ManufacturerModelName),
                new PatientIdentity(
                        str(al, TagFromName.PatientID),
                        str(al, TagFromName.PatientName),
                        str(al, TagFromName.PatientBirthDate),
                        str(al, TagFromName.PatientSex),
                        str(al, TagFromName.PatientAge)));
    }

    private static String str(AttributeList al, AttributeTag tag) {
        String s = Attribute.getSingleStringValueOrEmptyString(al, tag);
        return s == null ? "" : s.trim();
    }

    private static String[] strings(AttributeList al, AttributeTag tag) {
        String[] v = Attribute.getStringValues(al, tag);
        if (v == null) {
            return new String[0];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] == null ? "" : v[i].trim();
        }
        return v;
    }

    private static int integer(AttributeList al, AttributeTag tag, int dflt) {
        try {
            return Attribute.getSingleIntegerValueOrDefault(al, tag, dflt);
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static double dbl(AttributeList al, AttributeTag tag) {
        String[] v = strings(al, tag);
        if (v.length == 0 || v[0].isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double[] doubles(AttributeList al, AttributeTag tag) {
        String[] v = strings(al, tag);
        double[] out = new double[v.length];
        try {
            for (int i = 0; i < v.length; i++) {
                out[i] = Double.parseDouble(v[i]);
            }
        } catch (NumberFormatException e) {
            return new double[0];
        }
        return out;
    }
}
