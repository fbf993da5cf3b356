package org.hemamet.dicom;

/**
 * Patient identifying header fields (PHI). Kept only inside the dicom/ and ingest/ layers, where ingest
 * pseudonymises the patient; never written to any output. {@link #toString()} is redacted so an accidental
 * log line or report string cannot leak them.
 *
 * @param patientId   PatientID (0010,0020)
 * @param patientName PatientName (0010,0010)
 * @param birthDate   PatientBirthDate (0010,0030)
 * @param sex         PatientSex (0010,0040)
 * @param age         PatientAge (0010,1010)
 */
public record PatientIdentity(String patientId, String patientName, String birthDate, String sex, String age) {
    @Override
    public String toString() {
        return "PatientIdentity[redacted]";
    }
}
