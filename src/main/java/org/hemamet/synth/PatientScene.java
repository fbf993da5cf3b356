package org.hemamet.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hemamet.cohort.Sequence;

/**
 * One patient as sampled by {@link SceneSampler}, before any pixel is formed: anatomy with its lesions,
 * tissues, the lesion's look, texture fields, scanner settings and one acquisition per series. Everything
 * random about the patient is drawn into it, except what the scanner and the reader add later from each
 * series' own stream ({@link Series#noise()}): the receiver noise of every slice, then the drawn region.
 *
 * @param plan what was decided for the patient before sampling (diagnosis, subtype, demographics, scanner)
 * @param geometry field of view, matrix and the sagittal slab
 * @param anatomy the spine with its lesions (not changed after sampling)
 * @param tissues one draw of every tissue of the parameter table
 * @param lesion the lesion's subtype and texture parameters
 * @param texture the image texture amplitude and each slice's noise fields
 * @param rescaleSlope the modality LUT slope of every series
 * @param contrastAgent the agent named in the T1C header
 * @param series one acquisition per acquired sequence, in sequence order
 */
record PatientScene(
        PatientPlan plan,
        Geometry geometry,
        SpineAnatomy anatomy,
        Tissues tissues,
        LesionLook lesion,
        Texture texture,
        double rescaleSlope,
        String contrastAgent,
        Map<Sequence, Series> series) {

    /**
     * Field of view and the sagittal slab.
     *
     * @param fov field of view (mm)
     * @param matrix stored image matrix (rendered at twice this)
     * @param margin sub-pixels added around the render so that a motion shift stays inside it
     * @param thickness slice thickness (mm)
     * @param spacing slice spacing (mm)
     * @param sliceX lateral position of each slice (mm)
     * @param keySlice the slice exported as the key image (0-based)
     * @param lesionLevels index in {@link SpineAnatomy#levels} of each annotated lesion's level, L1 first
     *     (L1 is the primary lesion; the others sit at other levels, all visible on the key slice)
     */
    record Geometry(
            double fov,
            int matrix,
            int margin,
            double thickness,
            double spacing,
            double[] sliceX,
            int keySlice,
            int[] lesionLevels) {
        int slices() {
            return sliceX.length;
        }

        /** Size of one sub-pixel of the 2x render (mm). */
        double subPixel() {
            return fov / (2.0 * matrix);
        }
    }

    /**
     * The patient's tissue draws.
     *
     * @param byName every table tissue of the static labels ({@link Label#TISSUE}), marrow included
     * @param marrow normal marrow with the patient's age-dependent fat fraction
     * @param lesion the lesion's primary tissue
     * @param secondary the tissue mixed into the lesion, or null when its subtype has none
     */
    record Tissues(
            Map<String, Tissue.Sample> byName, Tissue.Sample marrow, Tissue.Sample lesion, Tissue.Sample secondary) {}

    /**
     * How the lesion looks inside its outline.
     *
     * @param subtype the lesion subtype
     * @param heterogeneity amplitude of the lesion's blob texture
     * @param trabecularWeight weight of the bone stripes (hemangiomas)
     * @param trabecularPeriod period of the stripes (mm)
     * @param trabecularPhase phase of the stripes (radians)
     * @param mixedWeight mean weight of the secondary tissue (mixed lesions)
     * @param haemorrhage whether the lesion bled (RCC)
     * @param flowVoids whether the lesion shows flow voids (RCC)
     * @param diffuseDensity density of the diffuse marrow infiltration (diffuse myeloma, else 0)
     */
    record LesionLook(
            LesionSubtype subtype,
            double heterogeneity,
            double trabecularWeight,
            double trabecularPeriod,
            double trabecularPhase,
            double mixedWeight,
            boolean haemorrhage,
            boolean flowVoids,
            double diffuseDensity) {}

    /**
     * Texture of the images.
     *
     * @param amplitude amplitude of the marrow texture
     * @param slices the noise fields of each slice
     */
    record Texture(double amplitude, List<SliceTexture> slices) {}

    /** The smooth random fields of one slice: fine and coarse tissue texture, lesion blobs, speckle. */
    record SliceTexture(ValueNoise fine, ValueNoise coarse, ValueNoise blob, ValueNoise speck) {}

    /**
     * One series' acquisition.
     *
     * @param sequence the sequence
     * @param acquisition the acquisition parameters written to the header
     * @param fatSatVariation spatial variation of the fat-saturation efficiency (T1C, else 0)
     * @param fatSatPhase phases of that variation along rows and columns
     * @param snr signal-to-noise ratio (scanner-scaled)
     * @param coilBias amplitude of the coil's multiplicative bias
     * @param coilBiasPhase phase of the bias along the spine
     * @param gainTarget stored value the receiver gain maps the 99.5th percentile to
     * @param shiftX motion shift in columns (sub-pixels)
     * @param shiftY motion shift in rows (sub-pixels)
     * @param echoTrain echo train length
     * @param seriesNumber DICOM series number
     * @param noise the series' own stream, consumed after sampling: receiver noise, then the drawn region
     */
    record Series(
            Sequence sequence,
            SignalEquations.Acquisition acquisition,
            double fatSatVariation,
            double[] fatSatPhase,
            double snr,
            double coilBias,
            double coilBiasPhase,
            double gainTarget,
            int shiftX,
            int shiftY,
            int echoTrain,
            int seriesNumber,
            SplittableRandom noise) {}

    /** The level of each annotated lesion, L1 first. */
    List<SpineAnatomy.Level> lesionLevels() {
        List<SpineAnatomy.Level> out = new ArrayList<>();
        for (int l : geometry.lesionLevels()) {
            out.add(anatomy.levels.get(l));
        }
        return out;
    }
}
