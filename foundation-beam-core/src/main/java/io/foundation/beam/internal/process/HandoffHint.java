package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Remembers the process whose activation was last started, or whose parked activation was last unparked, from a
 * virtual thread: a hint, shared by the runtime, that tells a process whether the partner it just woke is queued
 * for a carrier and not yet running.
 *
 * <p><b>Why.</b> A virtual thread unparked from a virtual thread goes to the local queue of the waker's carrier; one
 * started from a virtual thread goes to the same local queue on JDK 21 and to a shared submission queue of the
 * scheduler on later JDKs (JDK 25's {@code VirtualThread.start} submits externally). Either way, if the waker then
 * spins waiting for a reply, it holds a carrier that the partner who would send the reply may be waiting for: each
 * hop of a ping-pong then costs a full spin. A process that woke a partner which has not begun to run yet therefore
 * waits only briefly for another carrier to take the partner (then the two run on two carriers and answer each
 * other without restarting), and otherwise gives its carrier up (see {@code ProcessCell.spinForWork}).
 *
 * <p><b>Concurrency.</b> One field, written and read with opaque accesses: racing writers simply overwrite each
 * other, which can only make a process spin when it need not (or not spin when it could have), never lose work.
 * The field sits between paddings (superclasses: HotSpot would move a field declared between paddings in one class
 * next to the object header) so that writes do not disturb the runtime's read-mostly fields.
 */
final class HandoffHint extends HandoffHintField {

    private static final VarHandle LAST_STARTED;

    static {
        try {
            LAST_STARTED = MethodHandles.lookup().findVarHandle(HandoffHintField.class, "lastStarted",
                    ProcessCell.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long p10, p11, p12, p13, p14, p15, p16, p17;

    /** Records that {@code cell}'s activation was just started or unparked from a virtual thread. */
    void started(ProcessCell cell) {
        if (LAST_STARTED.getOpaque(this) != cell) {
            LAST_STARTED.setOpaque(this, cell);
        }
    }

    /** @return the process last started or unparked from a virtual thread, or null */
    ProcessCell lastWoken() {
        return (ProcessCell) LAST_STARTED.getOpaque(this);
    }

    /**
     * @param current the calling activation's thread
     * @return the process last started or unparked from a virtual thread if {@code current} did it and it has not
     *     begun to run, else null
     */
    ProcessCell partnerWaitingBehind(Thread current) {
        ProcessCell cell = (ProcessCell) LAST_STARTED.getOpaque(this);
        return cell != null && cell.startedBy == current && cell.isQueuedNotRunning() ? cell : null;
    }
}
