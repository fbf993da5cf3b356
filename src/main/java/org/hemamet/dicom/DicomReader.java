package org.hemamet.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
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
 * (Rescale Slope / Intercept) applied — the analysis path, never the display-windowed image.
 *
 * <p>Transfer syntaxes: implicit/explicit VR little endian, explicit VR big endian, deflate, RLE lossless,
 * JPEG baseline/lossless (PixelMed codec) and JPEG 2000 (jai-imageio-jpeg2000). JPEG-LS has no Java decoder
 * on the class path and is rejected with an "unsupported transfer syntax" error. Pixel data shorter than
 * Rows × Columns × Samples × BitsAllocated/8 is rejected. Every error is a
 * {@link HemametException#invalidInput} naming the file.
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

    private static final AttributeTag SCANNINGSEQUENCE = new AttributeTag(0x0018, 0x0020);
    private static final AttributeTag SEQUENCEVARIANT = new AttributeTag(0x0018, 0x0021);
    private static final AttributeTag INVERSIONTIME = new AttributeTag(0x0018, 0x0082);
    private static final AttributeTag MAGNETICFIELDSTRENGTH = new AttributeTag(0x0018, 0x0087);
    /** PixelMed's message when no ImageIO codec handles a compressed transfer syntax. */
    private static final java.util.regex.Pattern NO_READER =
            java.util.regex.Pattern.compile("(?i)no reader .*transfer syntax ([0-9.]+)");

    private DicomReader() {}

    /** True when the file has the DICOM Part 10 preamble ("DICM" at offset 128); any name, any extension. */
    public static boolean isDicom(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(132);
            return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the header only (stops before Pixel Data). */
    public static DicomDescriptor readHeader(Path file) {
        AttributeList al = new AttributeList();
        try {
            al.read(file.toFile(), TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + e.getMessage() + ")", e);
        }
        return describe(al);
    }

    /** Reads the header and the first frame's modality values. */
    public static DicomImage read(Path file) {
        return read(file, 0);
    }

    /** Reads the header and frame {@code frame} (0-based) as modality values. */
    public static DicomImage read(Path file, int frame) {
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
            throw HemametException.invalidInput(file + ": not a readable DICOM file (" + msg + ")", e);
        }
        DicomDescriptor d = describe(al);
        return new DicomImage(d, decode(file, al, d, frame));
    }

    private static HemametException unsupported(Path file, String ts) {
        return HemametException.invalidInput(file + ": unsupported transfer syntax " + ts + " ("
                + TS_NAMES.getOrDefault(ts, "unknown") + "): no decoder available; export the series uncompressed"
                + " or as JPEG 2000");
    }

    private static FloatImage decode(Path file, AttributeList al, DicomDescriptor d, int frame) {
        if (d.rows() <= 0 || d.columns() <= 0) {
            throw HemametException.invalidInput(file + ": no image (Rows/Columns missing)");
        }
        if (d.samplesPerPixel() != 1 || !d.photometric().startsWith("MONOCHROME")) {
            throw HemametException.invalidInput(file + ": unsupported photometric interpretation '"
                    + d.photometric() + "' with " + d.samplesPerPixel() + " samples per pixel (MR needs MONOCHROME1/2)");
        }
        if (frame < 0 || frame >= d.frames()) {
            throw HemametException.invalidInput(file + ": frame " + frame + " out of range (" + d.frames() + " frames)");
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
                for (int i = 0; i < n; i++) {
                    int v = ((b[offset + i] & 0xFF) >>> shift) & mask;
                    if (signed && (v & signBit) != 0) {
                        v -= signBit << 1;
                    }
                    out[i] = identity ? v : (float) (v * slope + icpt);
                }
            } else {
                throw HemametException.invalidInput(file + ": unsupported Bits Allocated " + d.bitsAllocated()
                        + " (8 or 16 supported)");
            }
        } catch (DicomException e) {
            throw HemametException.invalidInput(file + ": cannot read pixel data (" + e.getMessage() + ")", e);
        }
        return new FloatImage(d.columns(), d.rows(), out);
    }

    private static DicomDescriptor describe(AttributeList al) {
        double[] spacing = doubles(al, TagFromName.PixelSpacing);
        double slope = dbl(al, TagFromName.RescaleSlope);
        double icpt = dbl(al, TagFromName.RescaleIntercept);
        String scanning = String.join("\\", strings(al, SCANNINGSEQUENCE));
        String variant = String.join("\\", strings(al, SEQUENCEVARIANT));
        return new DicomDescriptor(
                str(al, TagFromName.SOPInstanceUID), str(al, TagFromName.SeriesInstanceUID),
                str(al, TagFromName.StudyInstanceUID), str(al, TagFromName.SOPClassUID), str(al, TagFromName.Modality),
                str(al, TagFromName.TransferSyntaxUID),
                integer(al, TagFromName.Rows, 0), integer(al, TagFromName.Columns, 0),
                Math.max(1, integer(al, TagFromName.NumberOfFrames, 1)),
                integer(al, TagFromName.SamplesPerPixel, 1),
                str(al, TagFromName.PhotometricInterpretation).isEmpty() ? "MONOCHROME2"
                        : str(al, TagFromName.PhotometricInterpretation),
                integer(al, TagFromName.BitsAllocated, 16), integer(al, TagFromName.BitsStored, 0),
                integer(al, TagFromName.HighBit, -1) < 0 ? integer(al, TagFromName.BitsStored, 16) - 1
                        : integer(al, TagFromName.HighBit, -1),
                integer(al, TagFromName.PixelRepresentation, 0) == 1,
                Double.isNaN(slope) || slope == 0 ? 1.0 : slope, Double.isNaN(icpt) ? 0.0 : icpt,
                str(al, TagFromName.SeriesDescription), str(al, TagFromName.ProtocolName), scanning, variant,
                dbl(al, TagFromName.RepetitionTime), dbl(al, TagFromName.EchoTime), dbl(al, INVERSIONTIME),
                str(al, TagFromName.ContrastBolusAgent), dbl(al, MAGNETICFIELDSTRENGTH),
                spacing.length > 0 ? spacing[0] : Double.NaN, spacing.length > 1 ? spacing[1] : Double.NaN,
                dbl(al, TagFromName.SliceThickness),
                doubles(al, TagFromName.ImageOrientationPatient), doubles(al, TagFromName.ImagePositionPatient),
                integer(al, TagFromName.InstanceNumber, 0),
                str(al, TagFromName.Manufacturer), str(al, TagFromName.ManufacturerModelName),
                new PatientIdentity(str(al, TagFromName.PatientID), str(al, TagFromName.PatientName),
                        str(al, TagFromName.PatientBirthDate), str(al, TagFromName.PatientSex),
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
