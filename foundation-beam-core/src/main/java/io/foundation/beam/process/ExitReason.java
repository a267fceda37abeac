package io.foundation.beam.process;

import java.util.Objects;

/**
 * Why a process ended, as in Erlang/OTP. The reason travels in exit signals to linked processes and in
 * {@link Signal.Down} messages to monitors.
 *
 * <table>
 *   <caption>The reasons, their OTP form and whether they are abnormal</caption>
 *   <tr><th>Java</th><th>OTP</th><th>{@link #isAbnormal()}</th><th>meaning</th></tr>
 *   <tr><td>{@link #NORMAL}</td><td>{@code normal}</td><td>no</td><td>the process finished its work (a body
 *       returned, or it stopped itself normally). Links ignore a normal exit unless they trap exits.</td></tr>
 *   <tr><td>{@link #SHUTDOWN}</td><td>{@code shutdown}</td><td>no</td><td>it was asked to stop (by its supervisor,
 *       by {@code BeamRuntime.close()}, or by an exit signal with this reason).</td></tr>
 *   <tr><td>{@link #shutdown(Object) shutdown(term)}</td><td>{@code {shutdown, Term}}</td><td>no</td><td>it was
 *       asked to stop, and the term says why (for whoever traps the exit or monitors it). It is a
 *       {@link Shutdown} too: {@code instanceof ExitReason.Shutdown} matches both forms.</td></tr>
 *   <tr><td>{@link #KILLED}</td><td>{@code killed}</td><td>yes</td><td>it was killed, which cannot be trapped.
 *       The JVM cannot stop a thread: the process is reported dead at once, its thread is interrupted and no
 *       message is delivered to it any more; a thread that ignores the interrupt and runs on is counted as an
 *       orphan.</td></tr>
 *   <tr><td>{@link #crashed(Throwable) crashed(cause)}</td><td>{@code {Error, Stack}}</td><td>yes</td><td>its
 *       code threw; the exception is kept as the cause.</td></tr>
 *   <tr><td>{@link #custom(Object) custom(term)}</td><td>any other term, as in {@code exit(Pid, {bad_order, 42})}
 *       </td><td>yes</td><td>it ended, or was told to end, for a reason the application defines.</td></tr>
 *   <tr><td>{@link #NOPROC}</td><td>{@code noproc}</td><td>yes</td><td>not why a process ended but why there is
 *       nothing to watch: {@link ProcessContext#monitor monitoring} or {@link ProcessContext#link linking to} a
 *       process that has already ended (or never existed) gets this reason at once.</td></tr>
 *   <tr><td>{@link #NOCONNECTION}</td><td>{@code noconnection}</td><td>yes</td><td>the node of a linked or
 *       monitored process on another node was lost (it crashed, was killed, or is cut off by a partition): whether
 *       the process still runs there is unknown.</td></tr>
 * </table>
 *
 * <p>A reason is abnormal unless it is {@link Normal} or {@link Shutdown} (OTP's rule): a {@code TRANSIENT} child is
 * restarted only after an abnormal exit, and a process that does not trap exits ends when it gets an exit signal with
 * an abnormal reason (or {@code shutdown}; only {@code normal} leaves it alive).
 *
 * <p>A term (of {@link Shutdown} or {@link Custom}) is handed as is to every process that sees the reason: it is
 * never copied, not even for a process spawned with an isolated heap, so make it an immutable value (a string, a
 * number, an enum constant, a record of such values). Reasons are equal when their kinds and terms are equal.
 */
public sealed interface ExitReason {

    /** The reason of a process that finished normally. */
    ExitReason NORMAL = new Normal();

    /** The reason of a process that was asked to shut down (with no term). */
    ExitReason SHUTDOWN = new Shutdown();

    /** The reason of a process that was killed. */
    ExitReason KILLED = new Killed();

    /** The reason a monitor or a link to a process that has already ended (or never existed) gets. */
    ExitReason NOPROC = new NoProc();

    /** The reason links and monitors to processes on another node get when that node is lost. */
    ExitReason NOCONNECTION = new NoConnection();

    /**
     * @param cause what the process threw
     * @return the reason of a process that crashed with {@code cause}
     * @throws NullPointerException if {@code cause} is null
     */
    static ExitReason crashed(Throwable cause) {
        return new Crashed(cause);
    }

    /**
     * A shutdown that says why (OTP's {@code {shutdown, Term}}): not abnormal, so a {@code TRANSIENT} child that ends
     * with it is not restarted, and a linked process that traps exits sees the term in its {@link Signal.Exit}.
     *
     * @param term why the process is asked to stop, e.g. {@code "drained"}; an immutable value
     * @return a {@link Shutdown} carrying {@code term}
     * @throws NullPointerException if {@code term} is null (use {@link #SHUTDOWN} for a shutdown without a term)
     */
    static ExitReason shutdown(Object term) {
        return new Shutdown(Objects.requireNonNull(term, "term"));
    }

    /**
     * A reason the application defines (OTP's {@code exit(Pid, Term)} with any other term): abnormal, so it ends a
     * linked process that does not trap exits and a {@code TRANSIENT} child that ends with it is restarted. Unlike
     * {@link #crashed(Throwable)} it holds a value, not an exception.
     *
     * @param term why, e.g. {@code "out_of_stock"} or a record; an immutable value
     * @return a {@link Custom} carrying {@code term}
     * @throws NullPointerException if {@code term} is null
     * @throws IllegalArgumentException if {@code term} is an {@code ExitReason} (use it directly) or a
     *     {@code Throwable} (use {@link #crashed(Throwable)})
     */
    static ExitReason custom(Object term) {
        return new Custom(term);
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

    /**
     * The process was asked to shut down: OTP's {@code shutdown} (no term) or {@code {shutdown, Term}}.
     *
     * @param term why, or null for a plain {@code shutdown}
     */
    record Shutdown(Object term) implements ExitReason {
        /** A plain {@code shutdown}, without a term (equal to {@link ExitReason#SHUTDOWN}). */
        public Shutdown() {
            this(null);
        }

        /** @return whether this shutdown carries a term ({@code {shutdown, Term}}) */
        public boolean hasTerm() {
            return term != null;
        }

        /** @return {@code shutdown}, or {@code {shutdown, term}} */
        @Override
        public String toString() {
            return term == null ? "shutdown" : "{shutdown, " + term + "}";
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

    /**
     * A reason the application defines: OTP's exit with any term that is not one of the reasons above.
     *
     * @param term why, never null
     */
    record Custom(Object term) implements ExitReason {
        /**
         * @throws NullPointerException if {@code term} is null
         * @throws IllegalArgumentException if {@code term} is an {@code ExitReason} or a {@code Throwable}
         */
        public Custom {
            Objects.requireNonNull(term, "term");
            if (term instanceof ExitReason r) {
                throw new IllegalArgumentException("the term of a custom exit reason is the exit reason " + r
                        + ": use that reason itself");
            }
            if (term instanceof Throwable t) {
                throw new IllegalArgumentException("the term of a custom exit reason is the exception " + t
                        + ": use ExitReason.crashed(exception)");
            }
        }

        /** @return the term's text, as OTP shows a reason that is a term */
        @Override
        public String toString() {
            return String.valueOf(term);
        }
    }

    /**
     * There was no process: a monitor or a link was made to a process that had already ended (or never existed).
     * The process's own reason, if it ended here, is {@link ProcessRef#exitReason()}.
     */
    record NoProc() implements ExitReason {
        @Override
        public String toString() {
            return "noproc";
        }
    }

    /**
     * The connection to the node of a process on another node was lost (Erlang's {@code noconnection}): the node
     * crashed, was killed, or is cut off by a partition. Every link and monitor to that node's processes gets this
     * reason; whether the process itself still runs is unknown.
     */
    record NoConnection() implements ExitReason {
        @Override
        public String toString() {
            return "noconnection";
        }
    }
}
