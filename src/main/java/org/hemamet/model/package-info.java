/**
 * The paper's CNN on DJL 0.36 / PyTorch 2.7.1 CPU (the only package that imports DJL).
 *
 * <ul>
 *   <li>{@link org.hemamet.model.PaperCnn}: the architecture (and a Keras-like layer summary).</li>
 *   <li>{@link org.hemamet.model.CnnTrainer}: training (Adam, categorical cross-entropy, fixed epochs,
 *       optional augmentation) of one {@link org.hemamet.model.TrainingRequest}, throwing
 *       {@link org.hemamet.model.TrainingDivergedException} on a non-finite loss.</li>
 *   <li>{@link org.hemamet.model.TrainedCnn}: the trained network, P(positive), and the model bundle
 *       ({@code model.params} + {@code metadata.json}, contracts.md D).</li>
 *   <li>{@link org.hemamet.model.GradCam} and {@link org.hemamet.model.OcclusionSensitivity}: explanation
 *       maps of a trained network.</li>
 * </ul>
 *
 * <p>Determinism: one seed fixes PyTorch's generator (initialisation, dropout), the shuffles and the
 * augmentation draws; trainings are serialised process-wide. Identical seed + data + intra-op thread
 * count ({@link org.hemamet.model.EngineSetup#setThreads}) give identical weights and predictions.
 *
 * <p>Threads: PyTorch/OpenMP threads busy-wait; on a machine whose cores are shared with other
 * processes, more threads than free cores slow training by an order of magnitude (measured 1.2 s with
 * 1 thread vs 22 s with 2 threads on 2 busy cores). Set the thread count to the free cores.
 */
package org.hemamet.model;
