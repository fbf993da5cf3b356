package org.hemamet.core;

/** hemamet's own version, read from the jar manifest (falls back to the build's version). */
public final class Version {
    public static final String FALLBACK = "0.1.0";

    private Version() {}

    public static String hemamet() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : FALLBACK;
    }
}
