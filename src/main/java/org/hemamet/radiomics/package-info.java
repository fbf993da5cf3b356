/**
 * Radiomics features as the Image Biomarker Standardisation Initiative defines them, on a lesion mask:
 * the 18 intensity-based statistical features and the 25 grey level co-occurrence matrix features
 * ("2D, averaged"), every one named by its IBSI code. Pure Java, no dependency beyond the JDK.
 *
 * <p>References: A. Zwanenburg et al., "The Image Biomarker Standardization Initiative: standardized
 * quantitative radiomics for high-throughput image-based phenotyping", Radiology 2020;295:328-338
 * (doi:10.1148/radiol.2020191145); IBSI 1 reference manual, arXiv:1612.07003. Checked against the IBSI 1
 * digital phantom's reference values (golden test).
 */
package org.hemamet.radiomics;
