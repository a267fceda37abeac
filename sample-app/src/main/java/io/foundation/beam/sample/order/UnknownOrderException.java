package io.foundation.beam.sample.order;

/** No order has the id asked for: answered with 404. */
public class UnknownOrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param id the id asked for */
    public UnknownOrderException(String id) {
        super("no order has id '" + id + "'", null, false, false);
    }
}
