package org.hemamet.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Process-wide autograd discipline for the PyTorch engine.
 *
 * <p>DJL's PyTorch gradient collector is a process-wide singleton (a second concurrent one throws),
 * and training draws from PyTorch's global random generator (initialisation, dropout). Training runs
 * and Grad-CAM therefore hold {@link #LOCK}: concurrent trainings in one JVM run one after the other,
 * which also keeps each one's random stream, and so its result, deterministic.
 *
 * <p>PyTorch's gradient mode is thread-local and on by default in new threads; inference switches it
 * off with {@link #noGrad()} so no autograd graph is built.
 */
final class Autograd {
    static final ReentrantLock LOCK = new ReentrantLock();

    private Autograd() {}

    /** Scope with gradient recording off in this thread; restores the previous mode on close. */
    static NoGrad noGrad() {
        EngineSetup.engine();
        return new NoGrad(JniUtils.isGradMode());
    }

    /** See {@link #noGrad()}. */
    static final class NoGrad implements AutoCloseable {
        private final boolean previous;

        private NoGrad(boolean previous) {
            this.previous = previous;
            JniUtils.setGradMode(false);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
