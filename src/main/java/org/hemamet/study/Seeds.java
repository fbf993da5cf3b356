package org.hemamet.study;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.hemamet.core.Hashing;

/**
 * Derives independent seeds from the one root seed and a purpose path ("split", comparison, repeat...),
 * so that every consumer's randomness is fixed by the root seed alone and does not depend on the order
 * in which cells run (resume, parallelism).
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long root, Object... path) {
        StringBuilder sb = new StringBuilder().append(root);
        for (Object p : path) {
            sb.append('/').append(p);
        }
        byte[] h = Hashing.sha256().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(h, 0, 8).getLong();
    }
}
