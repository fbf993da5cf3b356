package org.hemamet.ingest;

import java.nio.file.Path;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.dicom.DicomReader;
import org.hemamet.preprocess.CropCompression;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.LoadImage;
import org.hemamet.preprocess.SavePng16;

/**
 * The one path from a source image and a lesion box to the crop file of the dataset, shared by
 * {@link Ingest} (which writes the bytes to {@code crops/}) and {@code hemamet predict} (which decodes the
 * same bytes as the network input, so a new lesion is preprocessed exactly as the training crops were,
 * 16-bit quantisation included).
 */
public final class LesionSource {
    private LesionSource() {}

    /**
     * A crop and its dataset encoding.
     *
     * @param crop the cropper's output (values in [0, 1], window, source range)
     * @param png  the 16-bit grayscale PNG ingest writes ({@link SavePng16})
     */
    public record Encoded(LesionCropper.Crop crop, byte[] png) {}

    /** The VIA region or file attribute that says which frame of a multi-frame DICOM a region is on (1-based). */
    public static final String FRAME_ATTRIBUTE = "frame";

    /**
     * Which frame of a DICOM file a region is on.
     *
     * @param index   the 0-based frame to read, or -1 when {@code problem} says why there is none
     * @param problem why the region cannot be read from this file ("" when it can)
     */
    public record Frame(int index, String problem) {
        public boolean ok() {
            return index >= 0;
        }
    }

    /**
     * The frame of {@code d} a region is on: the stated 1-based frame number ({@link #FRAME_ATTRIBUTE}; "" when
     * none), else the only one. A multi-frame file (an enhanced MR series is one file) with no frame stated is a
     * problem, never its first frame: a region drawn on an export of slice 12 cropped from slice 1 is a crop of
     * other tissue that nothing would show.
     */
    public static Frame frame(DicomDescriptor d, String stated) {
        int n = d.frames();
        if (stated == null || stated.isBlank()) {
            return n == 1
                    ? new Frame(0, "")
                    : new Frame(
                            -1,
                            "a multi-frame DICOM of " + n + " frames, and the region does not say which it"
                                    + " is on (VIA attribute '" + FRAME_ATTRIBUTE + "', or predict's --frame: 1 to " + n
                                    + ")");
        }
        int f;
        try {
            f = Integer.parseInt(stated.strip());
        } catch (NumberFormatException e) {
            f = 0;
        }
        if (f < 1 || f > n) {
            return new Frame(-1, "frame '" + stated.strip() + "' is not a frame of this DICOM (1 to " + n + ")");
        }
        return new Frame(f - 1, "");
    }

    /**
     * A DICOM file's header as seen on the frame a region states ({@link #frame}; the first frame when none is
     * stated or the stated one is not a frame of the file, which {@link #frame} reports).
     */
    public static DicomDescriptor header(Path file, String stated) {
        DicomDescriptor d = DicomReader.readHeader(file);
        Frame f = frame(d, stated);
        return d.frames() > 1 && f.index() > 0 ? DicomReader.readHeader(file, f.index()) : d;
    }

    /** Source pixels: a DICOM file's modality values (frame {@code frame}, 0-based), else a PNG/JPEG's luminance. */
    public static FloatImage pixels(Path source, boolean dicom, int frame) {
        return dicom ? DicomReader.read(source, frame).pixels() : LoadImage.load(source);
    }

    /** As {@link #pixels(Path, boolean, int)} from the file's bytes, already read (ingest hashes the same bytes). */
    public static FloatImage pixels(Path source, byte[] content, boolean dicom, int frame) {
        return dicom ? DicomReader.read(source, content, frame).pixels() : LoadImage.load(source, content);
    }

    /**
     * As {@link #pixels(Path, byte[], boolean, int)} for a DICOM file whose header ingest indexed: its pixels are
     * decoded without parsing the header again ({@link DicomReader#read(Path, byte[], int, DicomReader.Indexed)}).
     */
    public static FloatImage pixels(Path source, byte[] content, DicomReader.Indexed dicom, int frame) {
        return DicomReader.read(source, content, frame, dicom).pixels();
    }

    /**
     * A region drawn on an export of {@code exportWidth x exportHeight} pixels mapped to the linked DICOM
     * slice's pixel grid (by the ratio of the DICOM to the export width/height; 1:1 when the export has
     * the DICOM matrix); refused (exit 2) when the export is not the whole slice ({@link #exportMismatch}).
     */
    public static BoundingBox toDicomGrid(BoundingBox roi, int exportWidth, int exportHeight, DicomDescriptor d) {
        String mismatch = exportMismatch(exportWidth, exportHeight, d);
        if (!mismatch.isEmpty()) {
            throw HemametException.invalidInput(mismatch);
        }
        return roi.scale((double) d.columns() / exportWidth, (double) d.rows() / exportHeight);
    }

    /** How far (relative) an export's aspect ratio may be from the slice's: rounding of a scaled export. */
    static final double ASPECT_TOLERANCE = 0.02;

    /**
     * Why an export of {@code w x h} pixels cannot be the whole slice {@code d} scaled ("" when it can): its
     * aspect ratio must be the matrix's (scaled as stored) or the physical image's (PixelSpacing: a viewer shows
     * non-square pixels square), within {@link #ASPECT_TOLERANCE}. Otherwise the export was cropped, padded or
     * captured from a screen, and a region drawn on it maps to other pixels of the slice.
     */
    public static String exportMismatch(int w, int h, DicomDescriptor d) {
        double export = (double) w / h;
        double matrix = (double) d.columns() / d.rows();
        double physical = d.pixelSpacingRow() > 0 && d.pixelSpacingColumn() > 0
                ? matrix * d.pixelSpacingColumn() / d.pixelSpacingRow()
                : matrix;
        if (Math.abs(export / matrix - 1) <= ASPECT_TOLERANCE || Math.abs(export / physical - 1) <= ASPECT_TOLERANCE) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                "the export is %dx%d pixels but its DICOM slice %dx%d%s: another shape, so the export is cropped,"
                        + " padded or a screen capture and its regions cannot be mapped onto the slice; export the"
                        + " whole slice (at any uniform scale)",
                w,
                h,
                d.columns(),
                d.rows(),
                physical == matrix ? "" : String.format(java.util.Locale.ROOT, " (%.1f:1 on screen)", physical));
    }

    /**
     * Crops {@code image} to the lesion box with {@code cropper} and encodes the crop as ingest stores it.
     *
     * @param where the file named in the error when the box does not fit the image
     */
    public static Encoded crop(LesionCropper cropper, FloatImage image, BoundingBox roi, String where) {
        return crop(cropper, image, roi, Double.NaN, where);
    }

    /**
     * As {@link #crop(LesionCropper, FloatImage, BoundingBox, String)}, scaled against a reference region's
     * median ({@link LesionCropper#referenceMedian}) when the cropper's parameters ask for one.
     */
    public static Encoded crop(
            LesionCropper cropper, FloatImage image, BoundingBox roi, double referenceMedian, String where) {
        return crop(cropper, image, roi, referenceMedian, CropCompression.FAST, where);
    }

    /**
     * As {@link #crop(LesionCropper, FloatImage, BoundingBox, double, String)}, the PNG stored as
     * {@code compression} says (the same pixel values whatever it is).
     */
    public static Encoded crop(
            LesionCropper cropper,
            FloatImage image,
            BoundingBox roi,
            double referenceMedian,
            CropCompression compression,
            String where) {
        LesionCropper.Crop crop;
        try {
            crop = cropper.params().intensity() == org.hemamet.preprocess.IntensityReference.REFERENCE
                    ? cropper.crop(image, roi, referenceMedian)
                    : cropper.crop(image, roi);
        } catch (IllegalArgumentException ex) {
            throw HemametException.invalidInput(where + ": " + ex.getMessage());
        }
        return new Encoded(crop, SavePng16.encode(crop.image(), compression));
    }
}
