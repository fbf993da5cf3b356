package org.hemamet.synth;

import java.util.Set;
import java.util.SplittableRandom;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;

/**
 * What is decided for a patient before rendering (sequentially, so that the cohort is the same whatever
 * the thread count): diagnosis, lesion subtype, demographics and synthetic PHI, scanner, missing series,
 * and the patient's own random stream (a {@link SplittableRandom#split()} child of the root seed).
 */
record PatientPlan(
        int index,
        Diagnosis diagnosis,
        LesionSubtype subtype,
        boolean atypical,
        int age,
        String sex,
        String patientName,
        String patientId,
        String birthDate,
        String studyDate,
        String studyTime,
        String accessionNumber,
        PhantomParameters.Scanner scanner,
        Set<Sequence> sequences,
        long seed,
        SplittableRandom rnd) {}
