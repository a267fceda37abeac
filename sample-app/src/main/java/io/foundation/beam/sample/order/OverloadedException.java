package io.foundation.beam.sample.order;

/** The service holds as many unfinished orders as it admits: answered with 429 and {@code Retry-After}. */
public class OverloadedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is full, with the numbers */
    public OverloadedException(String message) {
        super(message, null, false, false);
    }
}
