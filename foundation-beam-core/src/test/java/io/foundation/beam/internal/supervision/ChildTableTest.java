package io.foundation.beam.internal.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's child table: start order, lookups by id and pid, removal, and the strategies' walks. */
class ChildTableTest {

    private static ChildTable.Child child(String id) {
        return new ChildTable.Child(ChildSpec.worker(id, Idle::new));
    }

    private static List<String> ids(List<ChildTable.Child> children) {
        return children.stream().map(ChildTable.Child::id).toList();
    }

    @Test
    void keepsStartOrderAndFindsByIdAfterRemovalsAnywhere() {
        ChildTable table = new ChildTable(0);
        ChildTable.Child a = child("a");
        ChildTable.Child b = child("b");
        ChildTable.Child c = child("c");
        ChildTable.Child d = child("d");
        for (ChildTable.Child x : List.of(a, b, c, d)) {
            table.add(x);
        }
        assertThat(ids(table.all())).containsExactly("a", "b", "c", "d");
        assertThat(ids(table.reversed())).containsExactly("d", "c", "b", "a");
        assertThat(ids(table.fromChild(b))).containsExactly("b", "c", "d");

        table.remove(b);
        table.remove(d);
        table.remove(d); // twice: no-op
        assertThat(ids(table.all())).containsExactly("a", "c");
        assertThat(ids(table.reversed())).containsExactly("c", "a");
        assertThat(table.byId("b")).isNull();
        assertThat(table.byId("c")).isSameAs(c);
        assertThat(table.fromChild(b)).isEmpty();
        assertThat(table.size()).isEqualTo(2);

        table.remove(a);
        table.remove(c);
        assertThat(table.isEmpty()).isTrue();
        table.add(d);
        assertThat(ids(table.all())).containsExactly("d");
        assertThat(ids(table.reversed())).containsExactly("d");
    }

    @Test
    void refusesADuplicateId() {
        ChildTable table = new ChildTable(0);
        table.add(child("a"));
        assertThatThrownBy(() -> table.add(child("a"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'a'");
    }

    @Test
    void indexesThePidOfRunningChildrenOnly() {
        try (BeamRuntime runtime = BeamRuntime.builder().name("child-table").build()) {
            ProcessRef p1 = runtime.spawn(new Idle());
            ProcessRef p2 = runtime.spawn(new Idle());
            ChildTable table = new ChildTable(0);
            ChildTable.Child a = child("a");
            table.setPid(a, p1); // before it is added: indexed on add
            table.add(a);
            assertThat(table.byPid(p1)).isSameAs(a);

            table.setPid(a, p2);
            assertThat(table.byPid(p1)).isNull();
            assertThat(table.byPid(p2)).isSameAs(a);

            table.setPid(a, null);
            assertThat(table.byPid(p2)).isNull();

            table.setPid(a, p1);
            table.remove(a);
            assertThat(table.byPid(p1)).isNull();
            assertThat(a.pid()).isEqualTo(p1);
        }
    }

    private static final class Idle implements ProcessHandler {
        @Override
        public Object handle(Object message, ProcessContext context) {
            return null;
        }
    }
}
