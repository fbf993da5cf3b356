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

    /** Source pixels: a DICOM file's modality values (first frame), else a PNG/JPEG export's luminance. */
    public static FloatImage pixels(Path source, boolean dicom) {
        return dicom ? DicomReader.read(source).pixels() : LoadImage.load(source);
    }

    /** As {@link #pixels(Path, boolean)} from the file's bytes, already read (ingest hashes the same bytes). */
    public static FloatImage pixels(Path source, byte[] content, boolean dicom) {
        return dicom ? DicomReader.read(source, content, 0).pixels() : LoadImage.load(source, content);
    }

    /**
     * As {@link #pixels(Path, byte[], boolean)} for a DICOM file whose header ingest indexed: its pixels are
     * decoded without parsing the header again ({@link DicomReader#read(Path, byte[], int, DicomReader.Indexed)}).
     */
    public static FloatImage pixels(Path source, byte[] content, DicomReader.Indexed dicom) {
        return DicomReader.read(source, content, 0, dicom).pixels();
    }

    /**
     * A region drawn on an export of {@code exportWidth x exportHeight} pixels mapped to the linked DICOM
     * slice's pixel grid (by the ratio of the DICOM to the export width/height; 1:1 when the export has
     * the DICOM matrix).
     */
    public static BoundingBox toDicomGrid(BoundingBox roi, int exportWidth, int exportHeight, DicomDescriptor d) {
        return roi.scale((double) d.columns() / exportWidth, (double) d.rows() / exportHeight);
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
