package io.foundation.beam.internal.fork;

import java.io.IOException;

/** Deserialization stopped at a class the {@link AllowList} refused, or serialization at a class that cannot be. */
final class RefusedClassException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String className;

    RefusedClassException(String className, String message, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    String className() {
        return className;
    }
}
