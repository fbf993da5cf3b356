/**
 * Running a study's cells as cluster jobs (Slurm): the plan written into the run directory ({@link
 * org.hemamet.cluster.SlurmPlan}), one job array with one task per cell and a dependent merge job ({@link
 * org.hemamet.cluster.SlurmExecutor}), the tasks' own record of how they ended ({@link
 * org.hemamet.cluster.TaskState}) and the run's status ({@link org.hemamet.cluster.RunStatus}). A task runs a
 * cell through {@code study.StudyRunner} exactly as a local run does; the merge writes the run-level files
 * through the same code. The same cells also run as child processes on one machine ({@link
 * org.hemamet.cluster.LocalExecutor}, {@code study --jobs N}: this JVM's command line, {@link
 * org.hemamet.cluster.ChildJvm}). Depends on {@code study}, {@code contract} and {@code core}; Slurm is reached through
 * its command-line clients ({@code sbatch}, {@code squeue}) only.
 */
package org.hemamet.cluster;
