package org.hemamet.dicom;

import org.hemamet.preprocess.FloatImage;

/**
 * One decoded DICOM frame: the header descriptor and the modality-LUT-applied values
 * ({@code raw * RescaleSlope + RescaleIntercept}), never display-windowed.
 *
 * @param descriptor header fields
 * @param pixels     modality values, width = Columns, height = Rows
 */
public record DicomImage(DicomDescriptor descriptor, FloatImage pixels) {}
