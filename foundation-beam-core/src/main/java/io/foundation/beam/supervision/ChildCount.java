package io.foundation.beam.supervision;

/**
 * How many children a supervisor has, by kind: OTP's {@code count_children} ({@link Supervisor#countChildren()}) and
 * Elixir's {@code DynamicSupervisor.count_children} ({@link DynamicSupervisor#countChildren()}).
 *
 * @param specs all children whose spec the supervisor holds, running or not ({@code specs})
 * @param active children running now ({@code active})
 * @param supervisors children that are supervisors, running or not ({@code supervisors})
 * @param workers children that are workers, running or not ({@code workers})
 */
public record ChildCount(int specs, int active, int supervisors, int workers) {
}
