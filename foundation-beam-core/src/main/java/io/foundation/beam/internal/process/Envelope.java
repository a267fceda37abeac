package io.foundation.beam.internal.process;

/**
 * A wrapper of the layers above the kernel (flow control, ecosystems) around an application message: the one way
 * such wrappers are seen by the kernel, which knows no concrete envelope.
 *
 * <p>The kernel asks an envelope three things: what the receiving process's code gets ({@link #content()}: the
 * payload, for a wrapper the application must not see; the envelope itself, for a protocol message its receiver's
 * runtime code reads), what message analytics measure ({@link #measured()}: the application's payload), and it tells
 * the envelope when the process's code took it ({@link #taken}) or when a {@code DROP_OLDEST} mailbox pushed it out
 * ({@link #displaced()}).
 *
 * <p>An abstract class rather than an interface: the kernel's type test on every message taken is then a class
 * check, as cheap as the test for one concrete class.
 */
public abstract class Envelope {

    /** For subclasses. */
    protected Envelope() {
    }

    /** @return what the receiving process's code gets (and a selective receive tests) */
    public abstract Object content();

    /** @return the application's message inside, which message analytics measure */
    public abstract Object measured();

    /**
     * The receiving process's code took this envelope (its consumer thread).
     *
     * @param pending what the process still has to settle from envelopes it took before (null if nothing)
     * @return what it has to settle now: {@code pending}, or another settlement (after settling {@code pending}),
     *     or null
     */
    public Settlement taken(Settlement pending) {
        return pending;
    }

    /** A {@code DROP_OLDEST} mailbox pushed this envelope out (on the sender's thread); it is reported as dropped. */
    public void displaced() {
    }

    /**
     * Work a process owes for envelopes it took, batched by their sender (a flow channel's credits): the process
     * settles it before it waits for messages and when it dies. Called on the process's consumer thread only.
     */
    public interface Settlement {

        /** Settles what is owed. */
        void settle();
    }
}
