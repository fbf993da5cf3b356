package org.hemamet.radiomics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A minimal NIfTI-1 reader for test fixtures (.nii.gz): the 348-byte header's dimensions, datatype,
 * vox_offset and scaling, then the voxels (x fastest). Integer and float datatypes, either byte order.
 */
final class Nifti {
    private Nifti() {}

    /** A 3-D volume: {@code dim = {nx, ny, nz}}, values scaled by scl_slope/scl_inter when the slope is set. */
    record Volume(int[] dim, double[] values) {}

    static Volume read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 348) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != 348) {
                throw new IOException(file + ": not a NIfTI-1 file (sizeof_hdr is not 348)");
            }
        }
        int rank = b.getShort(40);
        int[] dim = {b.getShort(42), rank > 1 ? b.getShort(44) : 1, rank > 2 ? b.getShort(46) : 1};
        int datatype = b.getShort(70);
        int offset = (int) b.getFloat(108);
        float slope = b.getFloat(112);
        float inter = b.getFloat(116);
        int n = dim[0] * dim[1] * dim[2];
        double[] v = new double[n];
        b.position(offset);
        for (int i = 0; i < n; i++) {
            double raw =
                    switch (datatype) {
                        case 2 -> b.get() & 0xFF;
                        case 4 -> b.getShort();
                        case 8 -> b.getInt();
                        case 16 -> b.getFloat();
                        case 64 -> b.getDouble();
                        case 256 -> b.get();
                        case 512 -> b.getShort() & 0xFFFF;
                        default -> throw new IOException(file + ": unsupported NIfTI datatype " + datatype);
                    };
            v[i] = slope != 0 && Float.isFinite(slope) ? raw * slope + inter : raw;
        }
        return new Volume(dim, v);
    }
}
