package org.hemamet.model;

import java.util.Locale;
import org.hemamet.core.HemametException;

/**
 * The arithmetic of training. {@link #FP32}: everything in 32-bit floats (the paper's and the default).
 * {@link #BF16}: mixed precision (Micikevicius et al. 2018, Mixed Precision Training, ICLR; Kalamkar et
 * al. 2019, A Study of BFLOAT16 for Deep Learning Training): the three convolution blocks (convolution,
 * batch normalisation, ReLU, pooling) compute in bfloat16 on bfloat16 copies of the weights made in every
 * forward pass, the batch-norm statistics and affine parameters, the dense head, the loss and every weight
 * stay in float32 (master weights; Adam updates them in float32). No loss scaling: bfloat16 has float32's
 * exponent range. Evaluation, prediction and explanations always run in float32.
 */
public enum Precision {
    FP32,
    BF16;

    /** The type the convolution blocks compute in while training. */
    ai.djl.ndarray.types.DataType computeType() {
        return this == BF16 ? ai.djl.ndarray.types.DataType.BFLOAT16 : ai.djl.ndarray.types.DataType.FLOAT32;
    }

    /** {@code fp32} or {@code bf16}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32} or {@code bf16} (exit 2 otherwise, naming {@code option}). */
    public static Precision parse(String value, String option) {
        if (value != null) {
            for (Precision p : values()) {
                if (p.label().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw HemametException.invalidInput(option + ": '" + value + "' is not a precision (expected fp32 or bf16)");
    }
}
