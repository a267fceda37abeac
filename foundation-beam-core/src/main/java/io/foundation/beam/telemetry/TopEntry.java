package io.foundation.beam.telemetry;

import io.foundation.beam.process.ProcessInfo;

/**
 * One process in a {@link TopSample} list.
 *
 * @param info the process, as {@link io.foundation.beam.BeamRuntime#info} shows it at the end of the sample
 * @param messagesPerSecond messages it took per second since the previous sample (see {@link ProcessTop}); 0 in the
 *     first sample
 */
public record TopEntry(ProcessInfo info, double messagesPerSecond) {
}
