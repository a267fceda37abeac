package io.foundation.beam.supervision;

import io.foundation.beam.process.ProcessRef;
import java.util.Optional;

/**
 * One child of a supervisor (OTP's {@code which_children}, with restart counts).
 *
 * @param id the child's id
 * @param process its current process, if running
 * @param supervisor whether it is a supervisor
 * @param restart its restart type
 * @param status its state
 * @param restarts times it was restarted by the supervisor
 */
public record ChildInfo(String id, Optional<ProcessRef> process, boolean supervisor, RestartType restart,
        ChildStatus status, int restarts) {
}
