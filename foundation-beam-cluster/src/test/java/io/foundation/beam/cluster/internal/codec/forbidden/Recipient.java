package io.foundation.beam.cluster.internal.codec.forbidden;

/** A record outside the allowlist. @param name a name */
public record Recipient(String name) {
}
