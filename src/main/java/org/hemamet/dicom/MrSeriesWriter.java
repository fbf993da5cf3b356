package org.hemamet.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;

/**
 * Writes MR Image Storage instances (one file per slice, Explicit VR Little Endian, 12 bits stored in
 * 16, MONOCHROME2) from plain records, so that no package but {@code dicom} touches PixelMed. Used by the
 * synthetic cohort generator; {@link #read} reads a written file back (for tests and checks).
 */
public final class MrSeriesWriter {
    /** Implementation class UID root of hemamet-written files (2.25 UUID-derived). */
    public static final String IMPLEMENTATION_AE = "HEMAMET";

    private static final AttributeTag INVERSION_TIME = new AttributeTag(0x0018, 0x0082);
    private static final AttributeTag NUMBER_OF_AVERAGES = new AttributeTag(0x0018, 0x0083);
    private static final AttributeTag MAGNETIC_FIELD_STRENGTH = new AttributeTag(0x0018, 0x0087);

    private static final AttributeTag SCANNING_SEQUENCE = new AttributeTag(0x0018, 0x0020);
    private static final AttributeTag SEQUENCE_VARIANT = new AttributeTag(0x0018, 0x0021);
    private static final AttributeTag SCAN_OPTIONS = new AttributeTag(0x0018, 0x0022);

    private MrSeriesWriter() {}

    /** Everything shared by the slices of one MR series (patient, study, series, acquisition, geometry). */
    public record Series(
            String patientName,
            String patientId,
            String patientBirthDate,
            String patientSex,
            int patientAgeYears,
            String studyInstanceUid,
            String studyDate,
            String studyTime,
            String accessionNumber,
            String studyId,
            String studyDescription,
            String seriesInstanceUid,
            int seriesNumber,
            String frameOfReferenceUid,
            String manufacturer,
            String manufacturerModelName,
            String institutionName,
            double magneticFieldStrength,
            String seriesDescription,
            String protocolName,
            String scanningSequence,
            String sequenceVariant,
            String scanOptions,
            double repetitionTime,
            double echoTime,
            Double inversionTime,
            int echoTrainLength,
            String contrastBolusAgent,
            int rows,
            int columns,
            double rowSpacingMm,
            double columnSpacingMm,
            double sliceThicknessMm,
            double spacingBetweenSlicesMm,
            double[] imageOrientation,
            double rescaleSlope,
            double rescaleIntercept,
            double windowCenter,
            double windowWidth) {}

    /** One slice: its UID, number, position of the first pixel (LPS, mm) and stored values (row-major). */
    public record Slice(
            String sopInstanceUid,
            int instanceNumber,
            double[] imagePosition,
            double sliceLocation,
            short[] storedValues) {}

    /** A file read back: a few header fields and the modality-LUT-applied pixel values. */
    public record ReadBack(
            String sopClassUid,
            String sopInstanceUid,
            String seriesInstanceUid,
            String patientId,
            String seriesDescription,
            String modality,
            int rows,
            int columns,
            int bitsStored,
            double repetitionTime,
            double echoTime,
            double inversionTime,
            double rescaleSlope,
            double rescaleIntercept,
            double[] values) {}

    /** Encodes one slice as a DICOM Part 10 file. */
    public static byte[] encode(Series s, Slice slice) {
        if (slice.storedValues().length != s.rows() * s.columns()) {
            throw new IllegalArgumentException(
                    "slice has " + slice.storedValues().length + " values, expected " + s.rows() + "x" + s.columns());
        }
        try {
            AttributeList l = new AttributeList();
            cs(l, TagFromName.SpecificCharacterSet, "ISO_IR 100");
            cs(l, TagFromName.ImageType, "ORIGINAL\\PRIMARY\\M\\ND");
            ui(l, TagFromName.SOPClassUID, SOPClass.MRImageStorage);
            ui(l, TagFromName.SOPInstanceUID, slice.sopInstanceUid());
            da(l, TagFromName.StudyDate, s.studyDate());
            da(l, TagFromName.SeriesDate, s.studyDate());
            da(l, TagFromName.ContentDate, s.studyDate());
            tm(l, TagFromName.StudyTime, s.studyTime());
            tm(l, TagFromName.SeriesTime, s.studyTime());
            tm(l, TagFromName.ContentTime, s.studyTime());
            sh(l, TagFromName.AccessionNumber, s.accessionNumber());
            cs(l, TagFromName.Modality, "MR");
            lo(l, TagFromName.Manufacturer, s.manufacturer());
            lo(l, TagFromName.InstitutionName, s.institutionName());
            pn(l, TagFromName.ReferringPhysicianName, "");
            lo(l, TagFromName.StudyDescription, s.studyDescription());
            lo(l, TagFromName.SeriesDescription, s.seriesDescription());
            lo(l, TagFromName.ManufacturerModelName, s.manufacturerModelName());
            pn(l, TagFromName.PatientName, s.patientName());
            lo(l, TagFromName.PatientID, s.patientId());
            da(l, TagFromName.PatientBirthDate, s.patientBirthDate());
            cs(l, TagFromName.PatientSex, s.patientSex());
            str(
                    l,
                    new com.pixelmed.dicom.AgeStringAttribute(TagFromName.PatientAge),
                    String.format(Locale.ROOT, "%03dY", s.patientAgeYears()));
            cs(l, TagFromName.BodyPartExamined, "SPINE");
            cs(l, SCANNING_SEQUENCE, s.scanningSequence());
            cs(l, SEQUENCE_VARIANT, s.sequenceVariant());
            cs(l, SCAN_OPTIONS, s.scanOptions());
            cs(l, TagFromName.MRAcquisitionType, "2D");
            ds(l, TagFromName.SliceThickness, s.sliceThicknessMm());
            ds(l, TagFromName.RepetitionTime, s.repetitionTime());
            ds(l, TagFromName.EchoTime, s.echoTime());
            if (s.inversionTime() != null) {
                ds(l, INVERSION_TIME, s.inversionTime());
            }
            ds(l, NUMBER_OF_AVERAGES, 1);
            str(l, new ShortStringAttribute(TagFromName.ImagedNucleus), "1H");
            ds(l, MAGNETIC_FIELD_STRENGTH, s.magneticFieldStrength());
            ds(l, TagFromName.SpacingBetweenSlices, s.spacingBetweenSlicesMm());
            is(l, TagFromName.EchoTrainLength, s.echoTrainLength());
            lo(l, TagFromName.ProtocolName, s.protocolName());
            if (s.contrastBolusAgent() != null) {
                lo(l, TagFromName.ContrastBolusAgent, s.contrastBolusAgent());
                str(l, new LongStringAttribute(TagFromName.ContrastBolusRoute), "IV");
            }
            cs(l, TagFromName.PatientPosition, "HFS");
            ui(l, TagFromName.StudyInstanceUID, s.studyInstanceUid());
            ui(l, TagFromName.SeriesInstanceUID, s.seriesInstanceUid());
            sh(l, TagFromName.StudyID, s.studyId());
            is(l, TagFromName.SeriesNumber, s.seriesNumber());
            is(l, TagFromName.AcquisitionNumber, 1);
            is(l, TagFromName.InstanceNumber, slice.instanceNumber());
            ds(l, TagFromName.ImagePositionPatient, slice.imagePosition());
            ds(l, TagFromName.ImageOrientationPatient, s.imageOrientation());
            ui(l, TagFromName.FrameOfReferenceUID, s.frameOfReferenceUid());
            lo(l, TagFromName.PositionReferenceIndicator, "");
            ds(l, TagFromName.SliceLocation, slice.sliceLocation());
            us(l, TagFromName.SamplesPerPixel, 1);
            cs(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            us(l, TagFromName.Rows, s.rows());
            us(l, TagFromName.Columns, s.columns());
            ds(l, TagFromName.PixelSpacing, s.rowSpacingMm(), s.columnSpacingMm());
            us(l, TagFromName.BitsAllocated, 16);
            us(l, TagFromName.BitsStored, 12);
            us(l, TagFromName.HighBit, 11);
            us(l, TagFromName.PixelRepresentation, 0);
            ds(l, TagFromName.WindowCenter, s.windowCenter());
            ds(l, TagFromName.WindowWidth, s.windowWidth());
            ds(l, TagFromName.RescaleIntercept, s.rescaleIntercept());
            ds(l, TagFromName.RescaleSlope, s.rescaleSlope());
            str(l, new LongStringAttribute(TagFromName.RescaleType), "US");
            Attribute px = new OtherWordAttribute(TagFromName.PixelData);
            px.setValues(slice.storedValues());
            l.put(px);
            FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, IMPLEMENTATION_AE);
            ByteArrayOutputStream bos = new ByteArrayOutputStream(s.rows() * s.columns() * 2 + 4096);
            l.write(bos, TransferSyntax.ExplicitVRLittleEndian, true, true);
            return bos.toByteArray();
        } catch (DicomException | IOException e) {
            throw HemametException.internal(
                    "cannot encode DICOM slice " + slice.sopInstanceUid() + ": " + e.getMessage(), e);
        }
    }

    /** Writes one slice atomically to {@code file}. */
    public static void write(Path file, Series s, Slice slice) {
        AtomicFiles.writeBytes(file, encode(s, slice));
    }

    /** Reads a DICOM file back (any transfer syntax PixelMed reads); values have the modality LUT applied. */
    public static ReadBack read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            AttributeList l = new AttributeList();
            l.read(new com.pixelmed.dicom.DicomInputStream(in));
            int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
            int cols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
            double slope = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleSlope, 1.0);
            double icpt = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleIntercept, 0.0);
            Attribute px = l.get(TagFromName.PixelData);
            if (px == null || rows * cols == 0) {
                throw HemametException.invalidInput(file + ": no pixel data");
            }
            short[] raw = px.getShortValues();
            if (raw.length < rows * cols) {
                throw HemametException.invalidInput(file + ": pixel data shorter than Rows x Columns");
            }
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = (raw[i] & 0xffff) * slope + icpt;
            }
            return new ReadBack(
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPClassUID),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPInstanceUID),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SeriesInstanceUID),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientID),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SeriesDescription),
                    Attribute.getSingleStringValueOrEmptyString(l, TagFromName.Modality),
                    rows,
                    cols,
                    Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsStored, 16),
                    Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RepetitionTime, Double.NaN),
                    Attribute.getSingleDoubleValueOrDefault(l, TagFromName.EchoTime, Double.NaN),
                    Attribute.getSingleDoubleValueOrDefault(l, INVERSION_TIME, Double.NaN),
                    slope,
                    icpt,
                    v);
        } catch (IOException | DicomException e) {
            throw HemametException.invalidInput(file + ": not a readable DICOM file: " + e.getMessage());
        }
    }

    private static void str(AttributeList l, Attribute a, String v) throws DicomException {
        if (v != null && !v.isEmpty()) {
            a.addValue(v);
        }
        l.put(a);
    }

    private static void cs(AttributeList l, AttributeTag t, String v) throws DicomException {
        Attribute a = new CodeStringAttribute(t);
        if (v != null && !v.isEmpty()) {
            for (String part : v.split("\\\\")) {
                a.addValue(part);
            }
        }
        l.put(a);
    }

    private static void ui(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new UniqueIdentifierAttribute(t), v);
    }

    private static void da(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new DateAttribute(t), v);
    }

    private static void tm(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new TimeAttribute(t), v);
    }

    private static void sh(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new ShortStringAttribute(t), v);
    }

    private static void lo(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new LongStringAttribute(t), v);
    }

    private static void pn(AttributeList l, AttributeTag t, String v) throws DicomException {
        str(l, new PersonNameAttribute(t), v);
    }

    private static void is(AttributeList l, AttributeTag t, int v) throws DicomException {
        Attribute a = new IntegerStringAttribute(t);
        a.addValue(v);
        l.put(a);
    }

    private static void us(AttributeList l, AttributeTag t, int v) throws DicomException {
        Attribute a = new UnsignedShortAttribute(t);
        a.addValue(v);
        l.put(a);
    }

    private static void ds(AttributeList l, AttributeTag t, double... v) throws DicomException {
        Attribute a = new DecimalStringAttribute(t);
        for (double d : v) {
            a.addValue(formatDs(d));
        }
        l.put(a);
    }

    /** A decimal string of at most 16 characters. */
    static String formatDs(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.8g", d).trim();
    }
}
