/**
 * The simple baselines the CNN is measured against: an L2-regularised logistic regression on standardised
 * radiomics features (LIBLINEAR's Java port), its regularisation chosen by AUC on a validation split, and
 * the one-feature lesion/reference intensity ratio. Features come from {@code org.hemamet.radiomics}.
 */
package org.hemamet.baseline;
