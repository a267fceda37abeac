package io.foundation.beam.process;

import java.util.Objects;

/**
 * Why a process ended, as in Erlang/OTP. The reason travels in exit signals to linked processes and in
 * {@link Signal.Down} messages to monitors.
 *
 * <ul>
 *   <li>{@link Normal}: the process finished its work (a body returned, or it stopped itself normally). Links
 *       ignore a normal exit unless they trap exits.</li>
 *   <li>{@link Shutdown}: it was asked to stop (by its supervisor, by {@code BeamRuntime.close()}, or by an exit
 *       signal with this reason). A {@code transient} child is not restarted after a shutdown.</li>
 *   <li>{@link Killed}: it was killed, which cannot be trapped. The JVM cannot stop a thread: the process is
 *       reported dead at once, its thread is interrupted and no message is delivered to it any more; a thread that
 *       ignores the interrupt and runs on is counted as an orphan.</li>
 *   <li>{@link Crashed}: its code threw; the exception is kept as the cause.</li>
 * </ul>
 */
public sealed interface ExitReason {

    /** The reason of a process that finished normally. */
    ExitReason NORMAL = new Normal();

    /** The reason of a process that was asked to shut down. */
    ExitReason SHUTDOWN = new Shutdown();

    /** The reason of a process that was killed. */
    ExitReason KILLED = new Killed();

    /**
     * @param cause what the process threw
     * @return the reason of a process that crashed with {@code cause}
     */
    static ExitReason crashed(Throwable cause) {
        return new Crashed(cause);
    }

    /** @return true for every reason but {@link Normal} and {@link Shutdown} (OTP's rule for transient children) */
    default boolean isAbnormal() {
        return !(this instanceof Normal) && !(this instanceof Shutdown);
    }

    /** The process finished normally. */
    record Normal() implements ExitReason {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /** The process was asked to shut down. */
    record Shutdown() implements ExitReason {
        @Override
        public String toString() {
            return "shutdown";
        }
    }

    /** The process was killed (untrappable). */
    record Killed() implements ExitReason {
        @Override
        public String toString() {
            return "killed";
        }
    }

    /**
     * The process crashed.
     *
     * @param cause what it threw, never null
     */
    record Crashed(Throwable cause) implements ExitReason {
        /** @throws NullPointerException if {@code cause} is null */
        public Crashed {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "crashed(" + cause + ")";
        }
    }
}
