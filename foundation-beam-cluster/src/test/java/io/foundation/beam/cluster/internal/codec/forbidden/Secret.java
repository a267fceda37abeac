package io.foundation.beam.cluster.internal.codec.forbidden;

/** An enum outside the allowlist. */
public enum Secret {
    /** A constant. */
    TOP
}
