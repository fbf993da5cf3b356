package org.hemamet.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;

/**
 * A decoded raster image to one channel of floats: grayscale samples are taken as stored (8-bit 0..255,
 * 16-bit 0..65535, no gamma or windowing); colour images become luma Y = 0.299 R + 0.587 G + 0.114 B
 * (ITU-R BT.601, the weights of PIL's "L" mode and of ImageIO's gray conversion) in the same units; alpha
 * is ignored; indexed colour is resolved through its palette.
 */
public final class ToLuminance {
    private ToLuminance() {}

    public static FloatImage apply(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int bands = r.getNumBands();
        float[] out = new float[w * h];
        DataBuffer db = r.getDataBuffer();
        boolean simple = r.getMinX() == 0
                && r.getMinY() == 0
                && bands == 1
                && r.getSampleModel() instanceof java.awt.image.ComponentSampleModel csm
                && csm.getPixelStride() == 1
                && csm.getScanlineStride() == w
                && db.getNumBanks() == 1
                && !(cm instanceof java.awt.image.IndexColorModel);
        if (simple && db instanceof DataBufferUShort us && us.getOffset() == 0) {
            short[] s = us.getData();
            for (int i = 0; i < out.length; i++) {
                out[i] = s[i] & 0xFFFF;
            }
            return new FloatImage(w, h, out);
        }
        if (simple && db instanceof DataBufferByte bb && bb.getOffset() == 0) {
            byte[] s = bb.getData();
            for (int i = 0; i < out.length; i++) {
                out[i] = s[i] & 0xFF;
            }
            return new FloatImage(w, h, out);
        }
        if (bands == 1 && !(cm instanceof java.awt.image.IndexColorModel)) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = row[x];
                }
            }
            return new FloatImage(w, h, out);
        }
        if (bands >= 3 && !(cm instanceof java.awt.image.IndexColorModel)) {
            int[] rr = new int[w];
            int[] gg = new int[w];
            int[] bl = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, rr);
                r.getSamples(0, y, w, 1, 1, gg);
                r.getSamples(0, y, w, 1, 2, bl);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) (0.299 * rr[x] + 0.587 * gg[x] + 0.114 * bl[x]);
                }
            }
            return new FloatImage(w, h, out);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                out[y * w + x] =
                        (float) (0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF));
            }
        }
        return new FloatImage(w, h, out);
    }
}
