package io.foundation.beam.process;

import io.foundation.beam.mailbox.MailboxSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for spawning a process (Erlang's {@code spawn_opt}). Immutable; start from {@link #defaults()} and use
 * the {@code with*} methods.
 *
 * @param name a name to register the process under at birth, or null
 * @param mailbox the mailbox, or null for the runtime's default
 * @param trapExits whether the process starts trapping exits
 * @param hibernateAfter idle time after which the process hibernates, or null to never hibernate on its own
 * @param awaitInit whether spawn waits until the process's init hook has returned (and fails if it throws)
 * @param isolatedHeap whether messages sent to the process must be deeply immutable or are deep-copied (share
 *     nothing, the ISOLATED_HEAPS memory strategy); a mutable message that cannot be copied is refused with
 *     {@link MessageIsolationException}
 * @param analytics whether the runtime keeps message analytics for the process (counts, estimated sizes, time spent
 *     queued; see {@link io.foundation.beam.messages.MessageStats}); it costs each message a clock read and a size
 *     estimate, so it is off by default
 * @param dedicatedThreads the platform threads the process's code runs on, for CPU-bound work (see
 *     {@link DedicatedThreads}), or null for virtual threads (the default)
 */
public record SpawnOptions(String name, MailboxSpec mailbox, boolean trapExits, Duration hibernateAfter,
        boolean awaitInit, boolean isolatedHeap, boolean analytics, DedicatedThreads dedicatedThreads) {

    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, null, false, null, false, false, false, null);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if the name is blank or {@code hibernateAfter} is negative
     */
    public SpawnOptions {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("process name must not be blank");
        }
        if (hibernateAfter != null && hibernateAfter.isNegative()) {
            throw new IllegalArgumentException("hibernateAfter must not be negative, got " + hibernateAfter);
        }
    }

    /**
     * The options without dedicated threads (the record's form before {@code dedicatedThreads} was added).
     *
     * @param name see the record
     * @param mailbox see the record
     * @param trapExits see the record
     * @param hibernateAfter see the record
     * @param awaitInit see the record
     * @param isolatedHeap see the record
     * @param analytics see the record
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SpawnOptions(String name, MailboxSpec mailbox, boolean trapExits, Duration hibernateAfter,
            boolean awaitInit, boolean isolatedHeap, boolean analytics) {
        this(name, mailbox, trapExits, hibernateAfter, awaitInit, isolatedHeap, analytics, null);
    }

    /** @return no name, the runtime's default mailbox, no exit trapping, no idle hibernation, asynchronous start */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param name the name to register at birth
     * @return a copy with the name
     */
    public SpawnOptions withName(String name) {
        return new SpawnOptions(Objects.requireNonNull(name, "name"), mailbox, trapExits, hibernateAfter, awaitInit,
                isolatedHeap, analytics, dedicatedThreads);
    }

    /**
     * @param mailbox the mailbox spec
     * @return a copy with the mailbox
     */
    public SpawnOptions withMailbox(MailboxSpec mailbox) {
        return new SpawnOptions(name, Objects.requireNonNull(mailbox, "mailbox"), trapExits, hibernateAfter,
                awaitInit, isolatedHeap, analytics, dedicatedThreads);
    }

    /**
     * @param trap whether to trap exits from birth
     * @return a copy with the flag
     */
    public SpawnOptions withTrapExits(boolean trap) {
        return new SpawnOptions(name, mailbox, trap, hibernateAfter, awaitInit, isolatedHeap, analytics,
                dedicatedThreads);
    }

    /**
     * @param idle the idle time after which the process hibernates
     * @return a copy with idle hibernation
     */
    public SpawnOptions withHibernateAfter(Duration idle) {
        return new SpawnOptions(name, mailbox, trapExits, Objects.requireNonNull(idle, "idle"), awaitInit,
                isolatedHeap, analytics, dedicatedThreads);
    }

    /**
     * @param await whether spawn waits for the init hook to return
     * @return a copy with the flag
     */
    public SpawnOptions withAwaitInit(boolean await) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, await, isolatedHeap, analytics,
                dedicatedThreads);
    }

    /**
     * @param isolated whether messages to the process are checked for immutability or copied
     * @return a copy with the flag
     */
    public SpawnOptions withIsolatedHeap(boolean isolated) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, awaitInit, isolated, analytics,
                dedicatedThreads);
    }

    /**
     * @param enabled whether the runtime keeps message analytics for the process
     * @return a copy with the flag
     */
    public SpawnOptions withAnalytics(boolean enabled) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, awaitInit, isolatedHeap, enabled,
                dedicatedThreads);
    }

    /**
     * Runs the process's code on platform threads dedicated to CPU-bound work instead of virtual threads: a handler
     * that computes for long without blocking then holds one of them, which the operating system preempts, rather
     * than one of the few carriers that every other process shares. See {@link DedicatedThreads} for what it costs.
     *
     * @param threads the dedicated threads (open; the process fails to spawn with closed ones), or null for virtual
     *     threads
     * @return a copy with the threads
     */
    public SpawnOptions withDedicatedThreads(DedicatedThreads threads) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, awaitInit, isolatedHeap, analytics, threads);
    }

    /** @return the name, if any */
    public Optional<String> registeredName() {
        return Optional.ofNullable(name);
    }
}
