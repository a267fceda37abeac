package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.supervision.RestartBackoff;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every rule of an ecosystem's configuration names its {@link EcosystemConfig.Field}, the value and what is accepted,
 * so that a caller (the Spring Boot starter) can report a rejected setting in its own terms without checking it.
 */
class EcosystemConfigValidationTest {

    private static EcosystemConfig.Builder valid() {
        return EcosystemConfig.builder("orders").workers(2, () -> (work, ctx) -> work);
    }

    private static EcosystemConfigException rejected(Runnable configure) {
        EcosystemConfigException e = catchThrowableOfType(EcosystemConfigException.class, configure::run);
        assertThat(e).as("an EcosystemConfigException").isNotNull();
        return e;
    }

    @Test
    void eachFieldOfTheRecordIsNamedWithItsValueAndRequirement() {
        EcosystemConfigException e = rejected(() -> valid().workers(0, () -> (work, ctx) -> work).build());
        assertThat(e.fieldId()).contains(EcosystemConfig.Field.WORKER_COUNT);
        assertThat(e.field()).isEqualTo("workerCount");
        assertThat(e.value()).isEqualTo(0);
        assertThat(e.requirement()).isEqualTo("a number of worker processes from 1 to 1000000");
        assertThat(e).hasMessage("invalid ecosystem configuration: workerCount: must be a number of worker processes "
                + "from 1 to 1000000, got 0");

        assertThat(rejected(() -> valid().workers(1_000_001, () -> (work, ctx) -> work).build()).value())
                .isEqualTo(1_000_001);
        assertField(() -> valid().maxAttempts(0).build(), EcosystemConfig.Field.MAX_ATTEMPTS, 0, "at least 1");
        assertField(() -> valid().workTimeout(Duration.ZERO).build(), EcosystemConfig.Field.WORK_TIMEOUT,
                Duration.ZERO, "a positive duration such as 30s");
        assertField(() -> valid().shutdownTimeout(Duration.ofSeconds(-1)).build(),
                EcosystemConfig.Field.SHUTDOWN_TIMEOUT, Duration.ofSeconds(-1), "zero or a positive duration such as 5s");
        assertField(() -> valid().hibernateAfter(Duration.ZERO).build(), EcosystemConfig.Field.HIBERNATE_AFTER,
                Duration.ZERO, "a positive duration such as 1s");
        assertField(() -> valid().backlogThreshold(0).build(), EcosystemConfig.Field.BACKLOG_THRESHOLD, 0, "at least 1");
        assertField(() -> valid().maxPendingWork(-5).build(), EcosystemConfig.Field.MAX_PENDING_WORK, -5, "at least 1");
        assertField(() -> valid().topology((Topology) null).build(), EcosystemConfig.Field.TOPOLOGY, null,
                "one of tree, mesh, ring");
        assertField(() -> valid().mailbox(null).build(), EcosystemConfig.Field.MAILBOX, null,
                "set (MailboxSpec.unbounded() for no bound)");
        assertField(() -> EcosystemConfig.builder("a b").workers(1, () -> (work, ctx) -> work).build(),
                EcosystemConfig.Field.NAME, "a b", "letters, digits, '.', '-' or '_'");
        assertThat(rejected(() -> EcosystemConfig.builder("x").build()).fieldId())
                .contains(EcosystemConfig.Field.WORKER_FACTORY);
    }

    @Test
    void aSeedSpellingThatIsNoValueNamesItsField() {
        EcosystemConfigException e = rejected(() -> valid().faultTolerance("forgiving"));
        assertThat(e.fieldId()).contains(EcosystemConfig.Field.FAULT_TOLERANCE);
        assertThat(e.value()).isEqualTo("forgiving");
        assertThat(e).hasMessage("invalid ecosystem configuration: faultTolerance: must be one of standard, "
                + "self_healing, got 'forgiving'");
    }

    @Test
    void theValuesOfTheMailboxAreNamedOneByOne() {
        assertField(() -> valid().boundedMailbox(0, OverflowPolicy.DROP_OLDEST), EcosystemConfig.Field.MAILBOX_CAPACITY,
                0, "at least 1 (leave it out for an unbounded mailbox)");
        assertField(() -> valid().boundedMailbox(8, OverflowPolicy.BLOCK_SENDER),
                EcosystemConfig.Field.MAILBOX_OVERFLOW_POLICY, OverflowPolicy.BLOCK_SENDER,
                "set, and not BLOCK_SENDER unless a send timeout is given (blockingMailbox)");
        assertField(() -> valid().blockingMailbox(0, Duration.ofSeconds(1)), EcosystemConfig.Field.MAILBOX_CAPACITY,
                0, "at least 1 (leave it out for an unbounded mailbox)");
        assertField(() -> valid().blockingMailbox(8, Duration.ofMillis(-1)), EcosystemConfig.Field.MAILBOX_SEND_TIMEOUT,
                Duration.ofMillis(-1), "zero or a positive duration such as 5s");
        assertThat(valid().boundedMailbox(8, OverflowPolicy.DROP_OLDEST).build().mailbox())
                .isEqualTo(MailboxSpec.bounded(8, OverflowPolicy.DROP_OLDEST));
        assertThat(valid().blockingMailbox(8, Duration.ofSeconds(2)).build().mailbox())
                .isEqualTo(MailboxSpec.blocking(8, Duration.ofSeconds(2)));
    }

    @Test
    void theValuesOfTheRestartIntensityAndBackoffAreNamedOneByOne() {
        assertField(() -> valid().restartIntensity(-1, Duration.ofSeconds(5)),
                EcosystemConfig.Field.RESTART_MAX_RESTARTS, -1, "zero or more");
        assertField(() -> valid().restartIntensity(3, Duration.ZERO), EcosystemConfig.Field.RESTART_PERIOD,
                Duration.ZERO, "a positive duration such as 5s");
        assertField(() -> valid().restartIntensity(3, null), EcosystemConfig.Field.RESTART_PERIOD, null,
                "a positive duration such as 5s");
        assertField(() -> valid().restartBackoff(Duration.ZERO, Duration.ofSeconds(1), 0.0),
                EcosystemConfig.Field.BACKOFF_MIN, Duration.ZERO, "a positive duration such as 1s");
        assertField(() -> valid().restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5),
                EcosystemConfig.Field.BACKOFF_JITTER, 1.5, "a fraction from 0 to 1, such as 0.2");
        assertThat(valid().restartIntensity(4, Duration.ofSeconds(9)).restartBackoff(Duration.ofSeconds(1),
                Duration.ofSeconds(8), 0.5).build()).satisfies(config -> {
                    assertThat(config.restartIntensity()).isEqualTo(new RestartIntensity(4, Duration.ofSeconds(9)));
                    assertThat(config.restartBackoff())
                            .isEqualTo(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5));
                });
    }

    /** A rule that compares two fields mentions the other one, which a caller may name and show its own way. */
    @Test
    void aMaximumBelowItsMinimumNamesBoth() {
        EcosystemConfigException e = rejected(
                () -> valid().restartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.0));
        assertThat(e.fieldId()).contains(EcosystemConfig.Field.BACKOFF_MAX);
        assertThat(e.value()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.requirement()).isEqualTo("at least restartBackoff.min (PT2S)");
        assertThat(e.requirement(field -> "<" + field.name() + ">", value -> "[" + value + "]"))
                .isEqualTo("at least <BACKOFF_MIN> ([PT2S])");
        assertThat(e).hasMessage("invalid ecosystem configuration: restartBackoff.max: must be at least "
                + "restartBackoff.min (PT2S), got PT1S");
        assertThat(e.getCause()).as("the record's own rejection").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTwoArgumentConstructorStillWorksAndFindsAKnownField() {
        EcosystemConfigException known = new EcosystemConfigException("maxAttempts", "must be at least 1, got 0");
        assertThat(known).hasMessage("invalid ecosystem configuration: maxAttempts: must be at least 1, got 0");
        assertThat(known.fieldId()).contains(EcosystemConfig.Field.MAX_ATTEMPTS);
        assertThat(known.value()).isNull();
        EcosystemConfigException other = new EcosystemConfigException("colour", "must be blue");
        assertThat(other.field()).isEqualTo("colour");
        assertThat(other.fieldId()).isEmpty();
        assertThat(other.requirement()).isEqualTo("must be blue");
    }

    @Test
    void fieldNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (EcosystemConfig.Field field : EnumSet.allOf(EcosystemConfig.Field.class)) {
            assertThat(names.add(field.fieldName())).as(field.fieldName()).isTrue();
        }
    }

    private static void assertField(Runnable configure, EcosystemConfig.Field field, Object value,
            String requirement) {
        EcosystemConfigException e = rejected(configure);
        assertThat(e.fieldId()).as("field of " + e.getMessage()).contains(field);
        assertThat(e.field()).isEqualTo(field.fieldName());
        assertThat(e.value()).as("value").isEqualTo(value);
        assertThat(e.requirement()).as("requirement").isEqualTo(requirement);
        assertThat(e.getMessage()).startsWith("invalid ecosystem configuration: " + field.fieldName() + ": must be "
                + requirement + ", got ");
    }
}
