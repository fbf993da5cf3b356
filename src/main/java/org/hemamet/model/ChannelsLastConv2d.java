package org.hemamet.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} whose forward pass hands PyTorch the weight in channels-last (NHWC) memory order,
 * so libtorch runs oneDNN's native NHWC convolution and every activation after it (batch norm, ReLU,
 * max-pooling, and their gradients) stays channels-last, without the NCHW to blocked-format reorders
 * of every call.
 *
 * <p>The maths is that of {@link Conv2d}: the same parameters (OIHW shape, same names, same saved
 * format), the same cross-correlation; only the summation order inside the kernel may differ (last
 * bits). The weight view is made in the forward pass (a 3x3xIxO copy, a few hundred KB at most), so
 * its gradient flows back to the OIHW parameter. Channels-last is on by default on the CPU and off on a GPU,
 * where the four extra view operations per convolution cost more host time than cuDNN's NHWC kernels save
 * at this size (H200, fp32, batch 16: forward + backward 4.1-4.3 ms of host time per step with it, 2.7 ms
 * without; docs/performance.md). The system property {@code hemamet.channelsLast} (or {@code
 * HEMAMET_CHANNELS_LAST}) set to true/1 or false/0 forces it on or off on every device.
 */
final class ChannelsLastConv2d extends Conv2d {
    /** Forced on (TRUE) or off (FALSE) by the setting, or null: by device. */
    static final Boolean FORCED = forced();
    /** Whether the build's default (the CPU) runs channels-last; kept for callers that report it. */
    static final boolean ENABLED = FORCED == null || FORCED;

    private final boolean channelsLast;
    private final DataType compute;

    private ChannelsLastConv2d(Conv2d.Builder builder, boolean channelsLast, DataType compute) {
        super(builder);
        this.channelsLast = channelsLast;
        this.compute = compute;
    }

    /**
     * A 3x3 "same" convolution with {@code filters} output channels. With {@link Precision#BF16} it
     * computes in bfloat16 while training (input, weight and bias cast in the forward pass, so the
     * gradient reaches the float32 weights through the casts); in evaluation it computes in float32.
     */
    static Conv2d same3x3(int filters, Precision precision) {
        return same3x3(filters, precision.computeType());
    }

    /** {@link #same3x3(int, Precision)} computing in {@code compute} while training (float32: as is). */
    static Conv2d same3x3(int filters, DataType compute) {
        Conv2d.Builder b = new Conv2d.Builder() {};
        b.setKernelShape(new ai.djl.ndarray.types.Shape(3, 3))
                .optPadding(new ai.djl.ndarray.types.Shape(1, 1))
                .setFilters(filters);
        boolean lower = compute != DataType.FLOAT32;
        return ENABLED || lower ? new ChannelsLastConv2d(b, ENABLED, compute) : b.build();
    }

    private static Boolean forced() {
        String v = System.getProperty("hemamet.channelsLast", System.getenv("HEMAMET_CHANNELS_LAST"));
        if (v == null || v.isBlank()) {
            return null;
        }
        return !"false".equalsIgnoreCase(v.trim()) && !"0".equals(v.trim());
    }

    /** Whether convolutions on {@code device} run channels-last (see the class comment). */
    static boolean enabledOn(Device device) {
        return FORCED != null ? FORCED : !device.isGpu();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        NDManager scope = input.getManager();
        if (channelsLast && enabledOn(device)) {
            w = channelsLast(w, scope);
        }
        if (compute != DataType.FLOAT32 && training) {
            input = cast(input, compute, scope);
            w = cast(w, compute, scope);
            b = cast(b, compute, scope);
        }
        return conv2d(input, w, b, stride, padding, dilation, groups);
    }

    /**
     * {@code a} as {@code type} (itself when it is), attached to {@code scope}, through which the gradient
     * flows back to {@code a} in {@code a}'s type. DJL's {@code toType} cannot serve: its JNI casts without
     * gradient. Here the values are copied into a new array of the type ({@code index_put_}, which autograd
     * differentiates; the gradient comes back cast to {@code a}'s type).
     */
    static NDArray cast(NDArray a, DataType type, NDManager scope) {
        if (a.getDataType() == type) {
            return a;
        }
        NDArray c = scope.zeros(a.getShape(), type, a.getDevice());
        c.set(new NDIndex(":"), a);
        return c;
    }

    /**
     * The same O x I x kH x kW tensor with channels-last strides: permute to OHWI, materialise it as a
     * dense OHWI block, permute back (a view). Autograd sees permute/reshape only. Every intermediate
     * is attached to {@code scope} (the input's manager, closed after the step or batch), not to the
     * parameter's long-lived manager.
     */
    static NDArray channelsLast(NDArray w, NDManager scope) {
        long[] s = w.getShape().getShape(); // O, I, kH, kW
        NDArray ohwi = w.transpose(0, 2, 3, 1);
        ohwi.attach(scope);
        NDArray flat = ohwi.reshape(s[0], s[2] * s[3] * s[1]);
        flat.attach(scope);
        NDArray dense = flat.reshape(s[0], s[2], s[3], s[1]);
        dense.attach(scope);
        NDArray view = dense.transpose(0, 3, 1, 2);
        view.attach(scope);
        return view;
    }
}
