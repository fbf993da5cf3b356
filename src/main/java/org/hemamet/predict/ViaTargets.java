package org.hemamet.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.ViaFile;
import org.hemamet.annotation.ViaImage;
import org.hemamet.annotation.ViaImageLocator;
import org.hemamet.annotation.ViaReader;
import org.hemamet.annotation.ViaRegion;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.dicom.DicomReader;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.LesionSource;
import org.hemamet.preprocess.LoadImage;

/**
 * The lesions a VIA file names, resolved to the file to crop as ingest resolves them (contracts.md A):
 * the image is looked up relative to the images directory, then to the VIA file's directory and its parent
 * (the cohort directory when the VIA file is in {@code annotations/}), then by unique file name below the
 * images directory; an export is linked to its DICOM slice (below the images directory) by
 * the file attribute {@code sop_instance_uid}, else by a file stem equal to a SOPInstanceUID, and then
 * the DICOM is cropped with the region mapped by the DICOM/export size ratio. Unlinked exports are cropped
 * themselves.
 */
final class ViaTargets {
    /**
     * One region to predict.
     *
     * @param image    the image name as the VIA file writes it
     * @param region   0-based region index within the image entry
     * @param lesionId the region's {@code lesion_id} attribute ("" if none)
     * @param source   the file to crop (the linked DICOM, or the image itself)
     * @param roi      the lesion box in {@code source}'s pixel grid
     * @param declared the sequence the annotation states (null if none)
     * @param reference the image's normal-marrow reference region (roi = reference), or null
     * @param outline  the lesion's region as drawn (null: the box {@code roi})
     * @param frame    the frame of a multi-frame DICOM {@code source} the region is on, as the VIA file states it
     *                 (1-based; "" when it states none)
     */
    record Target(
            String image,
            int region,
            String lesionId,
            Path source,
            BoundingBox roi,
            Sequence declared,
            Predictor.Reference reference,
            Predictor.Outline outline,
            String frame) {}

    private final Path via;
    private final Path imagesDir;
    private final ViaImageLocator locator;
    private Map<String, Path> dicomBySop;

    private ViaTargets(Path via, Path imagesDir) {
        this.via = via;
        this.imagesDir = imagesDir;
        this.locator = new ViaImageLocator(imagesDir);
    }

    /** Every area region of the VIA file, in file order. */
    static List<Target> all(Path via, Path imagesDir) {
        ViaTargets t =
                new ViaTargets(via, imagesDir == null ? via.toAbsolutePath().getParent() : imagesDir);
        ViaFile vf = ViaReader.read(via);
        List<Target> out = new ArrayList<>();
        for (ViaImage im : vf.images()) {
            for (ViaRegion r : im.regions()) {
                if (!Ingest.isReference(r)) {
                    out.add(t.resolve(im, r));
                }
            }
        }
        return out;
    }

    /** The regions of the VIA file drawn on {@code image} (same file name, or its export when a DICOM). */
    static List<Target> forImage(Path via, Path image) {
        ViaTargets t = new ViaTargets(via, image.toAbsolutePath().getParent());
        ViaFile vf = ViaReader.read(via);
        String name = image.getFileName().toString();
        String sop = DicomReader.isDicom(image) ? DicomReader.readHeader(image).sopInstanceUid() : "";
        List<ViaImage> namesakes = new ArrayList<>();
        List<ViaImage> exports = new ArrayList<>();
        for (ViaImage im : vf.images()) {
            String base = ViaImageLocator.baseName(im.filename());
            if (base.equals(name)) {
                namesakes.add(im);
            } else if (!sop.isEmpty()
                    && (sop.equals(attr(null, im, "sop_instance_uid"))
                            || stem(base).equals(sop))) {
                exports.add(im);
            }
        }
        List<ViaImage> drawnOn = new ArrayList<>(thisImage(via, image, namesakes));
        drawnOn.addAll(exports);
        List<Target> out = new ArrayList<>();
        for (ViaImage im : drawnOn) {
            boolean export = exports.contains(im);
            double scaleX = 1;
            double scaleY = 1;
            for (ViaRegion r : im.regions()) {
                if (Ingest.isReference(r)) {
                    continue;
                }
                BoundingBox roi = r.cropBounds(via, im.filename());
                if (export) {
                    Path png = t.find(im.filename());
                    if (png == null) {
                        throw HemametException.invalidInput(via + ": image '" + im.filename() + "' (the export of "
                                + image.getFileName() + ") not found next to the VIA file; it is needed to map its"
                                + " region to the DICOM pixel grid");
                    }
                    int[] wh = LoadImage.size(png);
                    DicomDescriptor d = DicomReader.readHeader(image);
                    roi = onSlice(via, im, roi, wh, d);
                    scaleX = (double) d.columns() / wh[0];
                    scaleY = (double) d.rows() / wh[1];
                }
                out.add(new Target(
                        im.filename(),
                        r.index(),
                        attr(r, im, "lesion_id"),
                        image,
                        roi,
                        t.declared(r, im),
                        reference(im, scaleX, scaleY),
                        new Predictor.Outline(r.shape(), scaleX, scaleY),
                        attr(r, im, LesionSource.FRAME_ATTRIBUTE)));
            }
        }
        if (out.isEmpty()) {
            throw HemametException.invalidInput(via + ": no region drawn on " + name
                    + (sop.isEmpty() ? "" : " or on an export of it (sop_instance_uid " + sop + ")"));
        }
        return out;
    }

    /**
     * The entries among {@code namesakes} (entries whose file name is the image's) that are this image: all of
     * them when they name one path; else those whose folders match the most trailing folders of the image's
     * path (a PACS export names every patient's slices alike, and VIA keeps the path it was given). Entries
     * that still name different paths are refused (exit 2): their regions were drawn on other images, and
     * cropping them from this one would predict on the wrong tissue.
     */
    static List<ViaImage> thisImage(Path via, Path image, List<ViaImage> namesakes) {
        if (namesakes.stream().map(ViaImage::filename).distinct().count() <= 1) {
            return namesakes;
        }
        Path file = image.toAbsolutePath().normalize();
        int best = namesakes.stream()
                .mapToInt(im -> ViaImageLocator.trailingMatch(im.filename(), file))
                .max()
                .orElse(0);
        List<ViaImage> kept = namesakes.stream()
                .filter(im -> ViaImageLocator.trailingMatch(im.filename(), file) == best)
                .toList();
        List<String> paths = kept.stream().map(ViaImage::filename).distinct().toList();
        if (paths.size() > 1) {
            throw HemametException.invalidInput(via + ": " + paths.size() + " image entries could be "
                    + image.getFileName() + " (" + String.join(", ", paths.subList(0, Math.min(3, paths.size())))
                    + (paths.size() > 3 ? ", ..." : "") + ") and their folders do not tell which; give --via a VIA"
                    + " file that names this image by its folders, or only its own entry");
        }
        return kept;
    }

    private Target resolve(ViaImage im, ViaRegion r) {
        BoundingBox roi = r.cropBounds(via, im.filename());
        Path image = find(im.filename());
        if (image == null) {
            throw HemametException.invalidInput(via + ": image '" + im.filename() + "' not found (relative to "
                    + imagesDir + ", to the VIA file, or by name)");
        }
        Path source = image;
        double scaleX = 1;
        double scaleY = 1;
        if (!DicomReader.isDicom(image)) {
            String sop = attr(null, im, "sop_instance_uid");
            Path dicom = dicoms().get(sop.isEmpty() ? stem(image.getFileName().toString()) : sop);
            if (dicom != null) {
                DicomDescriptor d = DicomReader.readHeader(dicom);
                int[] wh = LoadImage.size(image);
                roi = onSlice(via, im, roi, wh, d);
                scaleX = (double) d.columns() / wh[0];
                scaleY = (double) d.rows() / wh[1];
                source = dicom;
            }
        }
        return new Target(
                im.filename(),
                r.index(),
                attr(r, im, "lesion_id"),
                source,
                roi,
                declared(r, im),
                reference(im, scaleX, scaleY),
                new Predictor.Outline(r.shape(), scaleX, scaleY),
                attr(r, im, LesionSource.FRAME_ATTRIBUTE));
    }

    /** A region drawn on an export of {@code wh} pixels on its DICOM slice's grid; refused naming the entry. */
    private static BoundingBox onSlice(Path via, ViaImage im, BoundingBox roi, int[] wh, DicomDescriptor d) {
        try {
            return LesionSource.toDicomGrid(roi, wh[0], wh[1], d);
        } catch (HemametException e) {
            throw HemametException.invalidInput(via + ": image '" + im.filename() + "': " + e.getMessage(), e);
        }
    }

    /** The image's first area region tagged roi = reference, on the source grid's scale, or null. */
    private static Predictor.Reference reference(ViaImage im, double scaleX, double scaleY) {
        for (ViaRegion r : im.regions()) {
            if (Ingest.isReference(r) && r.shape().hasArea()) {
                return new Predictor.Reference(r.shape(), scaleX, scaleY);
            }
        }
        return null;
    }

    private Sequence declared(ViaRegion r, ViaImage im) {
        String s = attr(r, im, "sequence");
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Sequence.parse(s);
        } catch (HemametException e) {
            throw HemametException.invalidInput(
                    via + ": image '" + im.filename() + "' region " + r.index() + ": " + e.getMessage());
        }
    }

    private Path find(String filename) {
        Path viaDir = via.toAbsolutePath().getParent();
        List<Path> bases = viaDir.getParent() == null
                ? List.of(imagesDir, viaDir)
                : List.of(imagesDir, viaDir, viaDir.getParent());
        return locator.find(filename, bases);
    }

    private Map<String, Path> dicoms() {
        if (dicomBySop == null) {
            dicomBySop = new HashMap<>();
            for (Path p : walk()) {
                if (DicomReader.isDicom(p)) {
                    try {
                        String sop = DicomReader.readHeader(p).sopInstanceUid();
                        if (!sop.isEmpty()) {
                            dicomBySop.putIfAbsent(sop, p);
                        }
                    } catch (HemametException e) {
                        // unreadable DICOM: not a link target
                    }
                }
            }
        }
        return dicomBySop;
    }

    private List<Path> walk() {
        try (Stream<Path> s = Files.walk(imagesDir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attr(ViaRegion r, ViaImage im, String name) {
        String v = r == null ? null : r.attributes().get(name);
        if (v == null || v.isBlank()) {
            v = im.fileAttributes().get(name);
        }
        return v == null ? "" : v.trim();
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * A region's sequence for a fused model: its annotation, else its DICOM header's (by {@code rules}); refused
     * (exit 2, naming {@code where}) when neither says.
     */
    static Sequence sequenceOf(Target t, SequenceRules rules, String where) {
        if (t.declared() != null) {
            return t.declared();
        }
        if (DicomReader.isDicom(t.source())) {
            var decision =
                    rules.decide(LesionSource.header(t.source(), t.frame()).ruleFields());
            if (decision.accepted() && decision.sequence().isPresent()) {
                return decision.sequence().orElseThrow();
            }
            throw HemametException.invalidInput(where + ": the DICOM header rules cannot tell its sequence ("
                    + decision.describe() + "); annotate the region's 'sequence'");
        }
        throw HemametException.invalidInput(where + ": no 'sequence' attribute, and the image is not a DICOM whose"
                + " header tells it; a fused model needs each region's sequence");
    }
}
