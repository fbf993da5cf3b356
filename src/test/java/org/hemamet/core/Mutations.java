package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutation fuzzing for the parsers (issue 16), on jqwik: a valid seed input, then 1 to 8 edits of the kinds
 * that break parsers (bit flips, boundary bytes and integers, insertions, deletions, truncation, a chunk
 * repeated). jqwik draws the edits from a fixed seed and shrinks a failing input to its smallest edit list.
 * The oracle is the project's bar for bad input: the parser returns, or throws a {@link HemametException}
 * with exit 2 or 3 whose message is one line naming the file; any other throwable (a NullPointerException,
 * an index error, NegativeArraySize, OutOfMemoryError) is a finding.
 */
public final class Mutations {
    private Mutations() {}

    /** One edit: {@code kind} picks the operation, {@code at} the position (a fraction of the length). */
    public record Edit(int kind, double at, int value, int length) {}

    private static final int[] BOUNDARY_INTS = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF};

    /** 1 to 8 edits of one of the seeds. */
    public static Arbitrary<byte[]> of(List<byte[]> seeds) {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 64))
                .as(Edit::new);
        Arbitrary<List<Edit>> edits = edit.list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(seed, edits).as(Mutations::apply);
    }

    /** The seed with the edits applied in order. */
    public static byte[] apply(byte[] seed, List<Edit> edits) {
        byte[] b = seed.clone();
        for (Edit e : edits) {
            b = apply(b, e);
        }
        return b;
    }

    private static byte[] apply(byte[] b, Edit e) {
        int n = b.length;
        int at = n == 0 ? 0 : Math.min(n - 1, (int) (e.at() * n));
        switch (e.kind()) {
            case 0 -> { // flip one bit
                if (n > 0) {
                    b[at] ^= (byte) (1 << (e.value() & 7));
                }
                return b;
            }
            case 1 -> { // a byte set to any value
                if (n > 0) {
                    b[at] = (byte) e.value();
                }
                return b;
            }
            case 2 -> { // a 32-bit little-endian boundary integer (lengths, counts, sizes)
                int v = BOUNDARY_INTS[e.value() % BOUNDARY_INTS.length];
                for (int k = 0; k < 4 && at + k < n; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
                return b;
            }
            case 3 -> { // insert bytes
                byte[] out = new byte[n + e.length()];
                System.arraycopy(b, 0, out, 0, at);
                java.util.Arrays.fill(out, at, at + e.length(), (byte) e.value());
                System.arraycopy(b, at, out, at + e.length(), n - at);
                return out;
            }
            case 4 -> { // delete a range
                int len = Math.min(e.length(), n - at);
                byte[] out = new byte[n - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, n - at - len);
                return out;
            }
            case 5 -> { // truncate
                return java.util.Arrays.copyOf(b, at);
            }
            case 6 -> { // repeat a chunk
                int len = Math.min(e.length(), n - at);
                byte[] out = new byte[n + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, n - at);
                return out;
            }
            default -> { // a text token a parser treats specially
                String[] tokens = {"\"", ",", "{", "}", "[", "]", ":", "\n", "-1", "1e309", "null", "NaN", "\u00e9"};
                byte[] t = tokens[e.value() % tokens.length].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] out = new byte[n + t.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(t, 0, out, at, t.length);
                System.arraycopy(b, at, out, at + t.length, n - at);
                return out;
            }
        }
    }

    /**
     * Writes {@code bytes} to {@code file} and runs {@code parser} on it: it must return or refuse as the
     * project's bar says (exit 2 or 3, one line naming the file).
     */
    public static void assertParsesOrRefuses(Path file, byte[] bytes, Consumer<Path> parser) throws IOException {
        Files.write(file, bytes);
        try {
            parser.accept(file);
        } catch (HemametException e) {
            assertThat(e.exitCode()).as(e.getMessage()).isIn(2, 3);
            assertThat(e.getMessage())
                    .as("names the file")
                    .contains(file.getFileName().toString());
            assertThat(e.getMessage()).as("one line").doesNotContain("\n");
        }
    }
}
