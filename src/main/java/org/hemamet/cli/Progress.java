package org.hemamet.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long step on stderr. In a terminal: a bar of fixed width redrawn in place. Elsewhere (a log
 * file or a pipe, where {@link System#console()} is null): plain lines without carriage returns, one each
 * time another 5 % is done and one per milestone, e.g.
 * {@code study 3/24 cells (12 %), 3:10 elapsed, ~4:00 left, T1__hemangioma-vs-lung__r0}.
 * The environment variable {@code HEMAMET_PROGRESS} ({@code bar}, {@code lines} or {@code off}) overrides
 * the choice. Thread-safe.
 */
abstract class Progress implements AutoCloseable {
    /** Width of the terminal bar, message included (a standard terminal's 80 columns). */
    static final int BAR_WIDTH = 80;

    /** How progress is shown. */
    enum Mode {
        BAR,
        LINES,
        OFF;

        /** {@code HEMAMET_PROGRESS} when set, else a bar in a terminal and lines elsewhere. */
        static Mode detect() {
            String env = System.getenv("HEMAMET_PROGRESS");
            if (env != null && !env.isBlank()) {
                return switch (env.trim().toLowerCase(Locale.ROOT)) {
                    case "bar" -> BAR;
                    case "off", "none" -> OFF;
                    default -> LINES;
                };
            }
            return System.console() != null ? BAR : LINES;
        }
    }

    /** Progress of {@code total} units on stderr, shown as {@code mode} says ({@link Mode#detect()}). */
    static Progress start(Mode mode, String task, long total, String unit) {
        return start(mode, task, total, unit, System.err, System::nanoTime);
    }

    static Progress start(Mode mode, String task, long total, String unit, PrintStream err, LongSupplier nanos) {
        return switch (mode) {
            case BAR -> new Bar(task, total, unit, err);
            case LINES -> new Lines(task, total, unit, err, nanos);
            case OFF -> new Off();
        };
    }

    /** Sets the units done so far. */
    abstract void stepTo(long done);

    /** One more unit done. */
    abstract void step();

    /** Units done so far. */
    abstract long current();

    /** What is being done now: the bar's message; the tail of the next plain line. */
    abstract void detail(String text);

    /**
     * The count shown by plain lines instead of "done/total unit" (e.g. "3/24 cells" while progress counts
     * epochs); the bar shows its own count.
     */
    abstract void count(String text);

    /** A milestone (e.g. a finished cell): plain lines print one now. */
    abstract void milestone();

    @Override
    public abstract void close();

    /** A terminal bar (progressbar's, ASCII, fixed width). */
    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total, String unit, PrintStream err) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" " + unit, 1)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(err, BAR_WIDTH))
                    .build();
        }

        @Override
        void stepTo(long done) {
            bar.stepTo(done);
        }

        @Override
        void step() {
            bar.step();
        }

        @Override
        long current() {
            return bar.getCurrent();
        }

        @Override
        void detail(String text) {
            bar.setExtraMessage(text);
        }

        @Override
        void count(String text) {}

        @Override
        void milestone() {}

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Plain lines for logs: every 5 % and every milestone, no carriage returns. */
    static final class Lines extends Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final PrintStream err;
        private final LongSupplier nanos;
        private final long start;
        private long done;
        private long printedDone = -1;
        private String printedState = "";
        private int printedTwentieth;
        private String detail = "";
        private String count;

        Lines(String task, long total, String unit, PrintStream err, LongSupplier nanos) {
            this.task = task;
            this.total = Math.max(0, total);
            this.unit = unit;
            this.err = err;
            this.nanos = nanos;
            this.start = nanos.getAsLong();
        }

        @Override
        synchronized void stepTo(long d) {
            done = Math.max(0, Math.min(total, d));
            int twentieth = total == 0 ? 20 : (int) (20 * done / total);
            if (twentieth > printedTwentieth) {
                printedTwentieth = twentieth;
                print();
            }
        }

        @Override
        synchronized void step() {
            stepTo(done + 1);
        }

        @Override
        synchronized long current() {
            return done;
        }

        @Override
        synchronized void detail(String text) {
            detail = text == null ? "" : text;
        }

        @Override
        synchronized void count(String text) {
            count = text;
        }

        @Override
        synchronized void milestone() {
            if (!state().equals(printedState)) {
                print();
            }
        }

        private String state() {
            return count + "|" + done + "|" + detail;
        }

        @Override
        public synchronized void close() {
            if (done != printedDone) {
                print();
            }
        }

        private void print() {
            double seconds = (nanos.getAsLong() - start) / 1e9;
            StringBuilder sb = new StringBuilder(task).append(' ');
            sb.append(count != null ? count : done + "/" + total + " " + unit);
            sb.append(String.format(Locale.ROOT, " (%d %%)", total == 0 ? 100 : 100 * done / total));
            sb.append(", ").append(clock(seconds)).append(" elapsed");
            if (done > 0 && done < total) {
                sb.append(", ~").append(clock(seconds * (total - done) / done)).append(" left");
            }
            if (!detail.isEmpty()) {
                sb.append(", ").append(detail);
            }
            err.println(sb);
            err.flush();
            printedDone = done;
            printedState = state();
        }

        /** m:ss, or h:mm:ss from one hour. */
        static String clock(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600
                    ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }

    /** Nothing shown. */
    private static final class Off extends Progress {
        private long done;

        @Override
        synchronized void stepTo(long d) {
            done = d;
        }

        @Override
        synchronized void step() {
            done++;
        }

        @Override
        synchronized long current() {
            return done;
        }

        @Override
        void detail(String text) {}

        @Override
        void count(String text) {}

        @Override
        void milestone() {}

        @Override
        public void close() {}
    }
}
