package io.foundation.beam.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the Erlang/OTP side's results ({@link ErlangResults}) and putting them into the report's rows. */
class ErlangResultsTest {

    private static final String PING_PONG = "ERL\tw3-ping-pong\tW3PingPongBenchmark.handlers\traw\t-\tops/s\tthrpt\t1"
            + "\t1.0e+6";
    private static final String W1_SUP = "ERL\tw1-create-sup-10\tW1EcosystemBenchmark.create\tsup\t10\tms/op\tavgt\t1"
            + "\t0.04";
    private static final String W1_RAW = "ERL\tw1-create-10\tW1EcosystemBenchmark.create\traw\t10\tms/op\tavgt\t1"
            + "\t0.01";

    @Test
    void parsesAThroughputLine() {
        ErlangResults.Sample s = ErlangResults.parse(PING_PONG);
        assertEquals("w3-ping-pong", s.unit());
        assertEquals("W3PingPongBenchmark.handlers", s.benchmark());
        assertFalse(s.supervisor());
        assertEquals(-1, s.workers());
        assertEquals("ops/s", s.scoreUnit());
        assertFalse(s.lowerIsBetter());
        assertEquals(1, s.round());
        assertEquals(1.0e6, s.score());
        assertEquals(Map.of(), s.params());
    }

    @Test
    void parsesTheSupervisorFlavourOfW1() {
        ErlangResults.Sample s = ErlangResults.parse(W1_SUP);
        assertTrue(s.supervisor());
        assertTrue(s.lowerIsBetter());
        assertEquals(10, s.workers());
        assertEquals(Map.of("workers", "10"), s.params());
    }

    @Test
    void ignoresOtherLinesAndRejectsMalformedOnes() {
        assertNull(ErlangResults.parse("W2\tbytes\terlang\t100000\tB/process\t2638.6\t1"));
        assertNull(ErlangResults.parse(""));
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> ErlangResults.parse("ERL\tw3-ping-pong\t1.0"));
        assertTrue(fields.getMessage().contains("expected 9"), fields.getMessage());
        IllegalArgumentException flavour = assertThrows(IllegalArgumentException.class,
                () -> ErlangResults.parse(PING_PONG.replace("\traw\t", "\tpool\t")));
        assertTrue(flavour.getMessage().contains("'pool'"), flavour.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> ErlangResults.parse(PING_PONG.replace("1.0e+6", "fast")));
        assertTrue(number.getMessage().contains("bad number"), number.getMessage());
    }

    @Test
    void readsFilesOfARunAndNothingWhenErlangDidNotRun(@TempDir Path dir) throws IOException {
        assertTrue(ErlangResults.read(dir).isEmpty());
        assertTrue(ErlangResults.facts(dir).isEmpty());
        Files.writeString(dir.resolve(ErlangResults.RESULTS), PING_PONG + "\n" + W1_SUP + "\n");
        Files.writeString(dir.resolve(ErlangResults.FACTS),
                "otp_release\t25\nerts_version\t13.1.5\nflags\t+P 2097152\n");
        assertEquals(2, ErlangResults.read(dir).size());
        Map<String, String> facts = ErlangResults.facts(dir);
        assertEquals("25", facts.get("otp_release"));
        String line = ErlangResults.describe(facts);
        assertTrue(line.contains("Erlang/OTP 25 (ERTS 13.1.5)"), line);
        assertTrue(line.contains("`+P 2097152`"), line);
    }

    @Test
    void putsSamplesIntoTheMirroredRowsWithTheirRatiosAndTheGoalAgainstErlang() {
        Map<String, CompareReport.Row> rows = new TreeMap<>();
        CompareReport.readErlang(List.of(ErlangResults.parse(PING_PONG), ErlangResults.parse(W1_SUP),
                ErlangResults.parse(W1_RAW)), rows);
        assertEquals(3, rows.size());
        CompareReport.Row pingPong = rows.get("W3 d");
        pingPong.add(CompareSupport.BEAM, 1, 2.0e6);
        assertEquals(2.0, pingPong.ratio(ErlangResults.SYSTEM));
        assertEquals(List.of(2.0), pingPong.roundRatios(ErlangResults.SYSTEM));
        assertEquals("yes", pingPong.metErlang());

        CompareReport.Row plain = rows.get("W1 a 000010");
        CompareReport.Row sup = rows.get("W1 a 000010 sup");
        assertSame(plain, sup.beamFrom);
        plain.add(CompareSupport.BEAM, 1, 0.02);
        assertEquals(0.5, sup.ratio(ErlangResults.SYSTEM), 1e-12);
        assertEquals(2.0, plain.ratio(ErlangResults.SYSTEM), 1e-12);
        assertEquals("–", sup.metErlang());
        assertTrue(Double.isNaN(sup.ratio()), "no Pekko samples: no BEAM/Pekko ratio");
    }

    @Test
    void theSectionHasErlangColumnsOnlyWhenErlangRan() {
        Map<String, CompareReport.Row> rows = new TreeMap<>();
        CompareReport.readErlang(List.of(ErlangResults.parse(PING_PONG)), rows);
        rows.get("W3 d").add(CompareSupport.BEAM, 1, 0.5e6);
        List<CompareReport.Row> ordered = List.copyOf(rows.values());
        String with = CompareReport.section(ordered, List.of(), Map.of(), true, true,
                Map.of("otp_release", "25"));
        assertTrue(with.contains("| Erlang/OTP median (min–max, n) |"), with);
        assertTrue(with.contains("| 0.500 | 0.500 | > 1.00 | **no** |"), with);
        assertTrue(with.contains("- Erlang/OTP 25"), with);

        String without = CompareReport.section(List.of(), List.of(), Map.of("erlang-note",
                "Erlang/OTP: erl not found, install Debian erlang-nox to include it"), true, false, Map.of());
        assertTrue(without.contains("- Erlang/OTP: erl not found, install Debian erlang-nox to include it.\n"),
                without);
        assertFalse(without.contains("ratio BEAM/Erlang"), without);
        assertTrue(without.contains("|---|---|---|---|---|---|---|---|\n"), without);
    }
}
