package org.hemamet.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Path;
import org.hemamet.core.HemametException;

/**
 * Loads a PNG/JPEG export (8- or 16-bit grayscale, or colour → luma via {@link ToLuminance}) as raw
 * sample values. DICOM is read by {@link org.hemamet.dicom.DicomReader}.
 */
public final class LoadImage {
    private LoadImage() {}

    public static FloatImage load(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw HemametException.invalidInput(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw HemametException.invalidInput(file + ": not a PNG/JPEG image");
        }
        return ToLuminance.apply(img);
    }

    /** Width and height from the image header, without decoding the pixels. */
    public static int[] size(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> it = in == null ? null : ImageIO.getImageReaders(in);
            if (it == null || !it.hasNext()) {
                throw HemametException.invalidInput(file + ": not a PNG/JPEG image");
            }
            ImageReader r = it.next();
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
}
