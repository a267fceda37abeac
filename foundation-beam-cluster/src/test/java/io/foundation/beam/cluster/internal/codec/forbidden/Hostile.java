package io.foundation.beam.cluster.internal.codec.forbidden;

import io.foundation.beam.cluster.internal.codec.fixtures.InitFlags;

/** A record outside the allowlist whose initializer must never run for a payload. @param s a text */
public record Hostile(String s) {
    static {
        InitFlags.HOSTILE.set(true);
    }
}
