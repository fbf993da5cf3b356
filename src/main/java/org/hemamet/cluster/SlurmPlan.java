package org.hemamet.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RUN_DIR/slurm/plan.json} (contracts.md C): what a study submitted to Slurm runs, where, and with
 * what; rewritten at every submission with the submissions so far. The tasks read the dataset directory and
 * the launcher from it, so every node must see the same paths.
 *
 * @param formatVersion  {@link #FORMAT_VERSION}
 * @param hemametVersion the version that planned the run
 * @param launcher       absolute path of the {@code hemamet} launcher every task and the merge run
 * @param datasetDir     absolute path of the dataset directory
 * @param runDir         absolute path of the run directory
 * @param cells          every cell of the study, in run order
 * @param resources      what each cell task asks Slurm for
 * @param report         whether the merge writes report.html (false with {@code --no-report})
 * @param submissions    the submissions so far, oldest first
 */
public record SlurmPlan(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("hemamet_version") String hemametVersion,
        String launcher,
        @JsonProperty("dataset_dir") String datasetDir,
        @JsonProperty("run_dir") String runDir,
        List<String> cells,
        Resources resources,
        boolean report,
        List<Submission> submissions) {
    public static final int FORMAT_VERSION = 1;

    public SlurmPlan {
        cells = List.copyOf(cells);
        submissions = submissions == null ? List.of() : List.copyOf(submissions);
    }

    /** This plan with one more submission. */
    public SlurmPlan with(Submission s) {
        List<Submission> all = new ArrayList<>(submissions);
        all.add(s);
        return new SlurmPlan(
                formatVersion, hemametVersion, launcher, datasetDir, runDir, cells, resources, report, all);
    }

    /** The latest submission, or null. */
    public Submission latest() {
        return submissions.isEmpty() ? null : submissions.get(submissions.size() - 1);
    }

    /**
     * What each cell task asks for ({@code sbatch} options); null = the cluster's default.
     *
     * @param cpusPerTask {@code --cpus-per-task}; also the task's OMP_NUM_THREADS
     * @param mem         {@code --mem} (e.g. {@code 8G}); the task's Java heap is 60 % of it
     * @param gres        {@code --gres} (e.g. {@code gpu:1})
     * @param partition   {@code --partition}
     * @param time        {@code --time} (e.g. {@code 02:00:00})
     * @param sbatchArgs  further {@code sbatch} options, as given
     */
    public record Resources(
            @JsonProperty("cpus_per_task") Integer cpusPerTask,
            String mem,
            String gres,
            String partition,
            String time,
            @JsonProperty("sbatch_args") List<String> sbatchArgs) {
        public Resources {
            sbatchArgs = sbatchArgs == null ? List.of() : List.copyOf(sbatchArgs);
        }

        /** The options for {@code sbatch}. */
        public List<String> sbatchOptions() {
            List<String> o = new ArrayList<>();
            if (cpusPerTask != null) {
                o.add("--cpus-per-task=" + cpusPerTask);
            }
            add(o, "--mem=", mem);
            add(o, "--gres=", gres);
            add(o, "--partition=", partition);
            add(o, "--time=", time);
            o.addAll(sbatchArgs);
            return o;
        }

        private static void add(List<String> o, String flag, String value) {
            if (value != null && !value.isBlank()) {
                o.add(flag + value);
            }
        }
    }

    /**
     * One submission: a job array (task i runs {@code cells[i]}; absent when every cell was done) and the
     * merge job that runs after it.
     *
     * @param arrayJob  the array's job id, or null
     * @param mergeJob  the merge job's id
     * @param cells     the cells of the array, by task index
     * @param submitted when (ISO-8601)
     */
    public record Submission(
            @JsonProperty("array_job") String arrayJob,
            @JsonProperty("merge_job") String mergeJob,
            List<String> cells,
            String submitted) {
        public Submission {
            cells = cells == null ? List.of() : List.copyOf(cells);
        }

        /** The job ids of this submission. */
        public List<String> jobs() {
            return arrayJob == null ? List.of(mergeJob) : List.of(arrayJob, mergeJob);
        }
    }
}
