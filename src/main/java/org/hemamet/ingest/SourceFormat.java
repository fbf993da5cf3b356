package org.hemamet.ingest;

import java.nio.file.Path;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.preprocess.LoadImage;

/**
 * What a lesion's pixels were read from, in the words of ingest-report.json's {@code source_formats} and of
 * predict's outputs: lossless DICOM pixels, DICOM pixels that went through lossy compression (LossyImageCompression
 * 01 or a lossy transfer syntax, {@link DicomDescriptor#lossy}), a DICOM secondary capture (a rendered, windowed
 * image, {@link DicomDescriptor#secondaryCapture}), or an exported PNG or JPEG (a JPEG is lossy and 8-bit).
 * Lossy compression changes the fine texture a CNN and radiomics features see (CLAIM 2024 item 9).
 */
public enum SourceFormat {
    DICOM("dicom"),
    DICOM_LOSSY("dicom-lossy"),
    DICOM_CAPTURE("dicom-capture"),
    PNG("png"),
    JPEG("jpeg"),
    OTHER("other");

    private final String id;

    SourceFormat(String id) {
        this.id = id;
    }

    /** The name the files write. */
    public String id() {
        return id;
    }

    /** Whether the pixels went through lossy compression (a lossy DICOM, or a JPEG export). */
    public boolean lossy() {
        return this == DICOM_LOSSY || this == JPEG;
    }

    /** The format of a DICOM file's pixels: lossy before secondary capture, as ingest counts them. */
    public static SourceFormat of(DicomDescriptor d) {
        return d.lossy() ? DICOM_LOSSY : d.secondaryCapture() ? DICOM_CAPTURE : DICOM;
    }

    /** The format of an exported image by its first bytes ({@link LoadImage#format}). */
    public static SourceFormat ofImage(Path file) {
        return switch (LoadImage.format(file)) {
            case "png" -> PNG;
            case "jpeg" -> JPEG;
            default -> OTHER;
        };
    }
}
