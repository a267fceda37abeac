package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessRef;
import java.util.List;

/**
 * What a process that {@linkplain ProcessGroups#monitor monitors a group} receives when the group's members change
 * (Erlang {@code pg}'s monitor messages): {@link GroupJoined} or {@link GroupLeft}.
 */
public sealed interface GroupEvent permits GroupJoined, GroupLeft {

    /** @return the group's name */
    String group();

    /** @return the processes that joined or left (a process that joined twice is listed twice) */
    List<ProcessRef> members();
}
