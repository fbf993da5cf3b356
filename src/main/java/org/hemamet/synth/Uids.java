package org.hemamet.synth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hemamet.core.Hashing;

/**
 * DICOM UIDs derived from the seed and the object's role (never from time or random UUIDs):
 * {@code 2.25.<128-bit integer>} (ISO/IEC 9834-8 UUID-derived form, DICOM PS3.5 B.2) of the first 16 bytes
 * of SHA-256 over {@code "hemamet-synth|" + seed + "|" + parts}.
 */
final class Uids {
    private Uids() {}

    static String of(long seed, Object... parts) {
        StringBuilder sb = new StringBuilder("hemamet-synth|").append(seed);
        for (Object p : parts) {
            sb.append('|').append(p);
        }
        byte[] h = Hashing.sha256().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
    }
}
