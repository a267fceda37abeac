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
 */
public record SpawnOptions(String name, MailboxSpec mailbox, boolean trapExits, Duration hibernateAfter,
        boolean awaitInit, boolean isolatedHeap, boolean analytics) {

    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, null, false, null, false, false, false);

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
                isolatedHeap, analytics);
    }

    /**
     * @param mailbox the mailbox spec
     * @return a copy with the mailbox
     */
    public SpawnOptions withMailbox(MailboxSpec mailbox) {
        return new SpawnOptions(name, Objects.requireNonNull(mailbox, "mailbox"), trapExits, hibernateAfter,
                awaitInit, isolatedHeap, analytics);
    }

    /**
     * @param trap whether to trap exits from birth
     * @return a copy with the flag
     */
    public SpawnOptions withTrapExits(boolean trap) {
        return new SpawnOptions(name, mailbox, trap, hibernateAfter, awaitInit, isolatedHeap, analytics);
    }

    /**
     * @param idle the idle time after which the process hibernates
     * @return a copy with idle hibernation
     */
    public SpawnOptions withHibernateAfter(Duration idle) {
        return new SpawnOptions(name, mailbox, trapExits, Objects.requireNonNull(idle, "idle"), awaitInit,
                isolatedHeap, analytics);
    }

    /**
     * @param await whether spawn waits for the init hook to return
     * @return a copy with the flag
     */
    public SpawnOptions withAwaitInit(boolean await) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, await, isolatedHeap, analytics);
    }

    /**
     * @param isolated whether messages to the process are checked for immutability or copied
     * @return a copy with the flag
     */
    public SpawnOptions withIsolatedHeap(boolean isolated) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, awaitInit, isolated, analytics);
    }

    /**
     * @param enabled whether the runtime keeps message analytics for the process
     * @return a copy with the flag
     */
    public SpawnOptions withAnalytics(boolean enabled) {
        return new SpawnOptions(name, mailbox, trapExits, hibernateAfter, awaitInit, isolatedHeap, enabled);
    }

    /** @return the name, if any */
    public Optional<String> registeredName() {
        return Optional.ofNullable(name);
    }
}
