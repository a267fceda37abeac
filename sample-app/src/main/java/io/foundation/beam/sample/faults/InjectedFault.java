package io.foundation.beam.sample.faults;

/** The crash reason of a process crashed through the fault API; it names the target. */
public class InjectedFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param target what was crashed */
    public InjectedFault(String target) {
        super("fault injected through /api/faults: crash of " + target, null, false, false);
    }
}
