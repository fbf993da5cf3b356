package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What made a dataset ({@code hemamet ingest}): {@value #FILE} in the dataset directory. No paths and no names
 * from the cohort: its inputs are named by their hashes. Not part of the dataset's hash nor of its identity (a
 * re-ingest of the same cohort with the same parameters gives the same dataset on any machine, thread count or
 * day); the crop parameters are ingest-report.json's {@code params}, the pseudonym key is never recorded.
 *
 * @param machine               the hemamet, Java and machine that ingested
 * @param threads               ingest's worker threads (the dataset does not depend on them)
 * @param cohortCsvSha256       SHA-256 of cohort.csv
 * @param annotationFiles       VIA files read from annotations/
 * @param annotationsSha256     SHA-256 over those files' SHA-256 values (hex, one per line) in path order
 * @param dicomFilesIndexed     DICOM files whose headers were indexed below dicom/
 * @param started               start (ISO-8601 UTC)
 * @param finished              end, before the dataset was written (ISO-8601 UTC)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IngestProvenance(
        Machine machine,
        int threads,
        String cohortCsvSha256,
        int annotationFiles,
        String annotationsSha256,
        int dicomFilesIndexed,
        String started,
        String finished) {
    /** The file in the dataset directory. */
    public static final String FILE = "ingest-provenance.json";
}
