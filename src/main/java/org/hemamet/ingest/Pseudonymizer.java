package org.hemamet.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;

/**
 * Patient pseudonyms: HMAC-SHA-256 (RFC 2104) of the hospital patient ID under a per-dataset secret,
 * first 16 hex characters. The secret (32 random bytes, hex) lives in a key file kept outside the dataset
 * directory; it is created once and reused, so re-runs give the same keys and the mapping cannot be
 * recomputed from the dataset alone.
 */
public final class Pseudonymizer {
    private final byte[] secret;

    private Pseudonymizer(byte[] secret) {
        this.secret = secret.clone();
    }

    /** Loads the key file, creating it (owner-readable only) when absent. */
    public static Pseudonymizer loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) { // another ingest creating it at the same moment: one key, for both
                byte[] s = new byte[32];
                new SecureRandom().nextBytes(s);
                AtomicFiles.createPrivateString(keyFile, HexFormat.of().formatHex(s) + "\n");
            }
            String hex = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            byte[] s;
            try {
                s = HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                s = new byte[0];
            }
            if (s.length < 16) {
                throw HemametException.invalidInput(
                        keyFile + ": not a hemamet key file (expected at least 32 hex" + " characters)");
            }
            return new Pseudonymizer(s);
        } catch (IOException e) {
            throw HemametException.invalidInput(keyFile + ": cannot read key file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes a key file derived from {@code seed} when none exists: for SYNTHETIC cohorts only (the demo),
     * whose pseudonyms need no secrecy, so that a demo is reproducible across machines (the patient keys
     * order the splits). A real cohort's key must come from {@link #loadOrCreate} (random, kept apart).
     */
    public static Pseudonymizer loadOrCreateForSyntheticCohort(Path keyFile, long seed) {
        if (!Files.exists(keyFile)) {
            byte[] s = org.hemamet.core.Hashing.sha256()
                    .digest(("hemamet synthetic-cohort key/" + seed).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.createPrivateString(keyFile, HexFormat.of().formatHex(s) + "\n");
        }
        return loadOrCreate(keyFile);
    }

    /** The patient key: 16 lower-case hex characters. */
    public String key(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] h = mac.doFinal(patientId.trim().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
