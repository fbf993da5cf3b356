package org.hemamet.cohort;

import java.util.Locale;

/**
 * What cohort.csv says of a lesion's patient and site that the report's characteristics and subgroups need
 * (TRIPOD+AI 5b/12d, CLAIM 2024 item 36): age, sex and vertebral level, carried into {@code dataset.csv}. None of it
 * identifies a patient once ages of 90 and over are top-coded to 90 (as HIPAA's Safe Harbor method asks,
 * 45 CFR 164.514(b)(2)(i)(C)); birth dates never leave cohort.csv.
 *
 * @param age   age in whole years as text ("" when not given), 90 meaning 90 or over
 * @param sex   sex as written in cohort.csv ("" when not given)
 * @param level vertebral level as written in cohort.csv ("" when not given)
 */
public record Covariates(String age, String sex, String level) {
    /** Ages at and above this are written as it. */
    public static final int AGE_TOP_CODE = 90;

    /** No covariates (datasets made before they were recorded). */
    public static final Covariates NONE = new Covariates("", "", "");

    public Covariates {
        age = age == null ? "" : age.trim();
        sex = sex == null ? "" : sex.trim();
        level = level == null ? "" : level.trim();
    }

    /** The covariates of a cohort.csv row: the age top-coded (cohort.csv has already checked it is a number). */
    public static Covariates of(CohortLesion lesion) {
        return new Covariates(
                topCoded(lesion.age()), lesion.sex(), lesion.level().toUpperCase(Locale.ROOT));
    }

    static String topCoded(String age) {
        if (age == null || age.isBlank()) {
            return "";
        }
        try {
            double years = Double.parseDouble(age.trim());
            return Long.toString(Math.min(AGE_TOP_CODE, (long) Math.floor(years)));
        } catch (NumberFormatException e) {
            return "";
        }
    }

    /** True when any of the three is given. */
    public boolean present() {
        return !(age.isEmpty() && sex.isEmpty() && level.isEmpty());
    }
}
