package org.hemamet.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes modified copies of MR_small.dcm with PixelMed (headers, optionally a new raster). */
public final class TestDicom {
    private TestDicom() {}

    /** Header values for a test slice. */
    public record Header(
            String patientId,
            String patientName,
            String birthDate,
            String sopUid,
            String seriesDescription,
            String scanningSequence,
            double tr,
            double te,
            double ti,
            String contrast) {}

    public static Path source() throws Exception {
        return Path.of(TestDicom.class.getResource("/dicom/MR_small.dcm").toURI());
    }

    /** Copies MR_small.dcm with new headers; when {@code raster} is given (w×h), replaces the pixels. */
    public static void write(Path dst, Header h, int width, int height, short[] raster) throws Exception {
        AttributeList al = new AttributeList();
        al.read(source().toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        put(al, new PersonNameAttribute(TagFromName.PatientName), h.patientName());
        put(al, new LongStringAttribute(TagFromName.PatientID), h.patientId());
        put(al, new DateAttribute(TagFromName.PatientBirthDate), h.birthDate());
        put(al, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), h.sopUid());
        put(al, new LongStringAttribute(TagFromName.SeriesDescription), h.seriesDescription());
        put(al, new LongStringAttribute(TagFromName.ProtocolName), h.seriesDescription());
        put(al, new CodeStringAttribute(new AttributeTag(0x0018, 0x0020)), h.scanningSequence());
        put(al, new DecimalStringAttribute(TagFromName.RepetitionTime), Double.toString(h.tr()));
        put(al, new DecimalStringAttribute(TagFromName.EchoTime), Double.toString(h.te()));
        if (h.ti() > 0) {
            put(al, new DecimalStringAttribute(new AttributeTag(0x0018, 0x0082)), Double.toString(h.ti()));
        } else {
            al.remove(new AttributeTag(0x0018, 0x0082));
        }
        if (h.contrast() != null) {
            put(al, new LongStringAttribute(TagFromName.ContrastBolusAgent), h.contrast());
        }
        // MR_small carries other identifying text; blank it so the PHI scan only has to look for ours
        put(al, new PersonNameAttribute(TagFromName.ReferringPhysicianName), "");
        put(al, new LongStringAttribute(TagFromName.InstitutionName), "Test Hospital");
        if (raster != null) {
            Attribute rows = new UnsignedShortAttribute(TagFromName.Rows);
            rows.addValue(height);
            al.put(rows);
            Attribute cols = new UnsignedShortAttribute(TagFromName.Columns);
            cols.addValue(width);
            al.put(cols);
            OtherWordAttribute pd = new OtherWordAttribute(TagFromName.PixelData);
            pd.setValues(raster);
            al.put(pd);
        }
        FileMetaInformation.addFileMetaInformation(al, TransferSyntax.ExplicitVRLittleEndian, "HEMAMETTEST");
        Files.createDirectories(dst.getParent());
        al.write(dst.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    /**
     * Rewrites {@code file} (written by {@link #write}) with text header fields replaced, by DICOM keyword
     * (e.g. SeriesInstanceUID, ImageType, ScanOptions, SequenceName); an empty value removes the field.
     */
    public static void setFields(Path file, java.util.Map<String, String> fields) throws Exception {
        AttributeList al = new AttributeList();
        al.read(file.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        com.pixelmed.dicom.DicomDictionary dict = AttributeList.getDictionary();
        for (java.util.Map.Entry<String, String> e : fields.entrySet()) {
            AttributeTag tag = dict.getTagFromName(e.getKey());
            if (tag == null) {
                throw new IllegalArgumentException("unknown DICOM keyword " + e.getKey());
            }
            al.remove(tag);
            if (!e.getValue().isEmpty()) {
                Attribute a =
                        com.pixelmed.dicom.AttributeFactory.newAttribute(tag, dict.getValueRepresentationFromTag(tag));
                for (String v : e.getValue().split("\\\\")) {
                    a.addValue(v);
                }
                al.put(a);
            }
        }
        FileMetaInformation.addFileMetaInformation(al, TransferSyntax.ExplicitVRLittleEndian, "HEMAMETTEST");
        al.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    /**
     * Rewrites the single-frame {@code file} as a multi-frame one of {@code frames} frames: frame
     * {@code keep} (1-based) holds the original pixels, every other frame their mirror image (left-right), so a
     * crop from the wrong frame differs.
     */
    public static void toMultiFrame(Path file, int frames, int keep) throws Exception {
        AttributeList al = new AttributeList();
        al.read(file.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        int rows = al.get(TagFromName.Rows).getIntegerValues()[0];
        int cols = al.get(TagFromName.Columns).getIntegerValues()[0];
        short[] one = al.get(TagFromName.PixelData).getShortValues();
        short[] all = new short[rows * cols * frames];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int from = y * cols + (f == keep - 1 ? x : cols - 1 - x);
                    all[f * rows * cols + y * cols + x] = one[from];
                }
            }
        }
        OtherWordAttribute pd = new OtherWordAttribute(TagFromName.PixelData);
        pd.setValues(all);
        al.put(pd);
        Attribute n = new com.pixelmed.dicom.IntegerStringAttribute(TagFromName.NumberOfFrames);
        n.addValue(frames);
        al.put(n);
        FileMetaInformation.addFileMetaInformation(al, TransferSyntax.ExplicitVRLittleEndian, "HEMAMETTEST");
        al.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    /**
     * Rewrites {@code file} as an enhanced MR image keeps its header: TR and pixel spacing in the shared
     * functional groups, the echo time as the first frame's EffectiveEchoTime, the scanning sequence as
     * EchoPulseSequence SPIN, none of them at the top level.
     */
    public static void toEnhanced(Path file) throws Exception {
        AttributeList al = new AttributeList();
        al.read(file.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        AttributeList timing = new AttributeList();
        timing.put(al.remove(TagFromName.RepetitionTime));
        AttributeList measures = new AttributeList();
        measures.put(al.remove(TagFromName.PixelSpacing));
        AttributeList shared = new AttributeList();
        shared.put(sequence(TagFromName.MRTimingAndRelatedParametersSequence, timing));
        shared.put(sequence(TagFromName.PixelMeasuresSequence, measures));
        al.put(sequence(TagFromName.SharedFunctionalGroupsSequence, shared));
        AttributeList echo = new AttributeList();
        Attribute te = new com.pixelmed.dicom.FloatDoubleAttribute(new AttributeTag(0x0018, 0x9082));
        te.addValue(Double.parseDouble(Attribute.getSingleStringValueOrEmptyString(al, TagFromName.EchoTime)));
        echo.put(te);
        al.remove(TagFromName.EchoTime);
        AttributeList frame = new AttributeList();
        frame.put(sequence(TagFromName.MREchoSequence, echo));
        al.put(sequence(TagFromName.PerFrameFunctionalGroupsSequence, frame));
        al.remove(new AttributeTag(0x0018, 0x0020));
        put(al, new CodeStringAttribute(new AttributeTag(0x0018, 0x9008)), "SPIN");
        FileMetaInformation.addFileMetaInformation(al, TransferSyntax.ExplicitVRLittleEndian, "HEMAMETTEST");
        al.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    /**
     * Gives an enhanced file ({@link #toEnhanced}, after {@link #toMultiFrame}) one per-frame functional group
     * item per frame, as a multi-echo series has them: frame i's EffectiveEchoTime {@code echoTimes[i]} and its
     * own rescale (slope 1, intercept {@code intercepts[i]}, in a PixelValueTransformationSequence), none of
     * either at the top level.
     */
    public static void perFrameGroups(Path file, double[] echoTimes, double[] intercepts) throws Exception {
        AttributeList al = new AttributeList();
        al.read(file.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        al.remove(TagFromName.RescaleSlope);
        al.remove(TagFromName.RescaleIntercept);
        al.remove(TagFromName.RescaleType);
        com.pixelmed.dicom.SequenceAttribute frames =
                new com.pixelmed.dicom.SequenceAttribute(TagFromName.PerFrameFunctionalGroupsSequence);
        for (int i = 0; i < echoTimes.length; i++) {
            AttributeList echo = new AttributeList();
            Attribute te = new com.pixelmed.dicom.FloatDoubleAttribute(new AttributeTag(0x0018, 0x9082));
            te.addValue(echoTimes[i]);
            echo.put(te);
            AttributeList rescale = new AttributeList();
            put(rescale, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
            put(rescale, new DecimalStringAttribute(TagFromName.RescaleIntercept), Double.toString(intercepts[i]));
            put(rescale, new LongStringAttribute(TagFromName.RescaleType), "US");
            AttributeList frame = new AttributeList();
            frame.put(sequence(TagFromName.MREchoSequence, echo));
            frame.put(sequence(TagFromName.PixelValueTransformationSequence, rescale));
            frames.addItem(frame);
        }
        al.put(frames);
        FileMetaInformation.addFileMetaInformation(al, TransferSyntax.ExplicitVRLittleEndian, "HEMAMETTEST");
        al.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    /** Writes {@code from}'s data set to {@code to} bare: no preamble, no meta header, in {@code transferSyntax}. */
    public static void toBareDataSet(Path from, Path to, String transferSyntax) throws Exception {
        AttributeList al = new AttributeList();
        al.read(from.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        try (com.pixelmed.dicom.DicomOutputStream o =
                new com.pixelmed.dicom.DicomOutputStream(Files.newOutputStream(to), null, transferSyntax)) {
            al.write(o);
        }
    }

    private static com.pixelmed.dicom.SequenceAttribute sequence(AttributeTag tag, AttributeList item) {
        com.pixelmed.dicom.SequenceAttribute s = new com.pixelmed.dicom.SequenceAttribute(tag);
        s.addItem(item);
        return s;
    }

    private static void put(AttributeList al, Attribute a, String v) throws Exception {
        a.addValue(v);
        al.put(a);
    }
}
