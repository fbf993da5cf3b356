package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * An external validation's {@code validation.json} ({@link ValidationFiles}): what was evaluated on what,
 * by which software. No paths: the datasets are named by their hashes only.
 *
 * @param hemametVersion           the hemamet that validated
 * @param javaVersion              its Java
 * @param djlVersion               DJL
 * @param pytorchVersion           PyTorch
 * @param datasetSha256            the external dataset's hash (as the study hashes its dataset)
 * @param cropKey                  the crop parameters of the external dataset (ingest's params key), equal
 *                                 to the development ones (else the validation is refused)
 * @param developmentCropKey       the development study's crop parameters
 * @param developmentCropSource    where they came from (the bundle, the run's dataset, or the defaults)
 * @param developmentDatasetSha256 the development dataset's hash as its study or bundle records it ("" if
 *                                 not recorded)
 * @param overlapCheck             how patient overlap with the development dataset was ruled out, in words
 * @param bundles                  cell id to SHA-256 of each evaluated bundle's {@code model.params} (a late-fused
 *                                 model: its members' joined by '+')
 * @param outOfScope               cell id to the number of its comparison's external lesions whose image lies outside
 *                                 the model's {@code anatomy} (another plane or body-part region than its training
 *                                 images'; predict refuses such an image): left out of that cell's evaluation, or
 *                                 kept when {@code outOfScopeKept}; cells with none are not listed
 * @param outOfScopeKept           true when they were kept ({@code validate --allow-anatomy-mismatch})
 * @param externalSourceFormats    what the external dataset's crops were cut from, source format ({@code dicom},
 *                                 {@code dicom-lossy}, {@code dicom-capture}, {@code png}, {@code jpeg}) to its
 *                                 number of samples, from its ingest-report.json {@code source_formats}; null
 *                                 when that report has none (a dataset of an older version)
 * @param seed                     seed of the bootstrap intervals
 * @param bootstrap                bootstrap resamples
 * @param started                  start (ISO-8601 UTC)
 * @param finished                 end (ISO-8601 UTC)
 * @param machine                  the software and machine that validated (null in older versions' files)
 * @param engine                   the network engine as it ran: device, precision, PyTorch threads, optimizer
 *                                 ({@code ModelInfo.versions()}, as a run's and a prediction's provenance)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ValidationProvenance(
        String hemametVersion,
        String javaVersion,
        String djlVersion,
        String pytorchVersion,
        String datasetSha256,
        String cropKey,
        String developmentCropKey,
        String developmentCropSource,
        String developmentDatasetSha256,
        String overlapCheck,
        Map<String, String> bundles,
        Map<String, Integer> outOfScope,
        boolean outOfScopeKept,
        Map<String, Integer> externalSourceFormats,
        long seed,
        int bootstrap,
        String started,
        String finished,
        Machine machine,
        Map<String, Object> engine) {}
