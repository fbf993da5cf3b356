package org.hemamet.dicom;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Keeps what PixelMed and the codecs it calls (jj2000 for JPEG 2000) print straight to {@code System.err}
 * and {@code System.out} on a corrupt or truncated file ("Error: Incorrectly terminated encapsulated pixel
 * data", whole stack traces) off the user's terminal: hemamet names such a file in its own one-line message.
 *
 * <p>While a thread runs {@link #quietly}, bytes that thread writes to the standard streams are dropped;
 * every other thread's output, and hemamet's own messages (written through the command line's writers),
 * pass unchanged. The standard streams are wrapped once (again only if something replaced them since, e.g.
 * a test capturing stderr), so concurrent readers on several threads cannot lose or swap each other's
 * stream, as saving and restoring {@code System.err} around each call would.
 */
final class LibraryOutput {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private LibraryOutput() {}

    /** Runs {@code body} with this thread's writes to System.err and System.out dropped. */
    static <T> T quietly(Supplier<T> body) {
        wrapStandardStreams();
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return body.get();
        } finally {
            depth[0]--;
        }
    }

    private static synchronized void wrapStandardStreams() {
        if (!(System.err instanceof Filtered)) {
            System.setErr(new Filtered(System.err));
        }
        if (!(System.out instanceof Filtered)) {
            System.setOut(new Filtered(System.out));
        }
    }

    private static boolean quiet() {
        return DEPTH.get()[0] > 0;
    }

    /** A standard stream that drops the writes of threads inside {@link #quietly}. */
    private static final class Filtered extends PrintStream {
        Filtered(PrintStream original) {
            super(
                    new FilterOutputStream(original) {
                        @Override
                        public void write(int b) throws IOException {
                            if (!quiet()) {
                                out.write(b);
                            }
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            if (!quiet()) {
                                out.write(b, off, len);
                            }
                        }
                    },
                    true);
        }
    }
}
