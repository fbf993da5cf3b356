package org.hemamet.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * its gradient flows back to the OIHW parameter. Channels-last is on by default; set the system
 * property {@code hemamet.channelsLast=false} (or {@code HEMAMET_CHANNELS_LAST=0}) to run the plain
 * NCHW path.
 */
final class ChannelsLastConv2d extends Conv2d {
    static final boolean ENABLED = enabled();

    private ChannelsLastConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** A 3x3 "same" convolution with {@code filters} output channels. */
    static Conv2d same3x3(int filters) {
        Conv2d.Builder b = new Conv2d.Builder() {};
        b.setKernelShape(new ai.djl.ndarray.types.Shape(3, 3))
                .optPadding(new ai.djl.ndarray.types.Shape(1, 1))
                .setFilters(filters);
        return ENABLED ? new ChannelsLastConv2d(b) : b.build();
    }

    private static boolean enabled() {
        String p = System.getProperty("hemamet.channelsLast");
        if (p != null) {
            return !"false".equalsIgnoreCase(p) && !"0".equals(p);
        }
        String e = System.getenv("HEMAMET_CHANNELS_LAST");
        return e == null || !("0".equals(e) || "false".equalsIgnoreCase(e));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        return conv2d(input, channelsLast(w, input.getManager()), b, stride, padding, dilation, groups);
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
