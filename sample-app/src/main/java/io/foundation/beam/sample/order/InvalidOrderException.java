package io.foundation.beam.sample.order;

import java.util.List;

/** An order request that is not well formed: answered with 400 and the list of problems. */
public class InvalidOrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** @param problems what is wrong, each naming the field */
    public InvalidOrderException(List<String> problems) {
        super("invalid order: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return what is wrong, each naming the field */
    public List<String> problems() {
        return problems;
    }
}
