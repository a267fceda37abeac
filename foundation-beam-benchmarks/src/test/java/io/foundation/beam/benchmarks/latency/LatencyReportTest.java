package io.foundation.beam.benchmarks.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency report's formatting, its row format, marker replacement and the GC pause classification. */
class LatencyReportTest {

    private static LatencyResult row(String system, int load) {
        return new LatencyResult(system, "request-reply", load, 100_000.4, load * 1000.0, load * 999.5, 60_000,
                87.26, 912.0, 1_254.3, 12_049.0, 250_100.0, 2_004_000.0, 55.0, 3, 12, 7, 1, 0, 4100);
    }

    @Test
    void latenciesKeepThreeSignificantDigitsInAFittingUnit() {
        assertEquals("0.50 us", LatencyReport.latency(0.5));
        assertEquals("87.3 us", LatencyReport.latency(87.26));
        assertEquals("912 us", LatencyReport.latency(912.0));
        assertEquals("1.25 ms", LatencyReport.latency(1_254.3));
        assertEquals("12.0 ms", LatencyReport.latency(12_049.0));
        assertEquals("250 ms", LatencyReport.latency(250_100.0));
        assertEquals("2.00 s", LatencyReport.latency(2_004_000.0));
        assertEquals("–", LatencyReport.latency(Double.NaN));
    }

    @Test
    void ratesAreWholeNumbersWithSeparators() {
        assertEquals("100,000", LatencyReport.rate(100_000.4));
        assertEquals("–", LatencyReport.rate(Double.NaN));
    }

    @Test
    void aRowSurvivesTheTsvRoundTrip() {
        LatencyResult r = row("beam", 90);
        LatencyResult back = LatencyResult.fromTsv(r.toTsv());
        assertEquals(r.toTsv(), back.toTsv());
        assertEquals(LatencyResult.HEADER.split("\t").length, r.toTsv().split("\t").length);
        assertThrows(IllegalArgumentException.class, () -> LatencyResult.fromTsv("beam\tsubmit"));
    }

    @Test
    void theTablePutsBothSystemsOfALoadNextToEachOther() {
        String table = LatencyReport.table(List.of(row("pekko", 90), row("beam", 50), row("pekko", 50),
                row("beam", 90)));
        List<String> lines = table.lines().toList();
        assertEquals(6, lines.size());
        assertTrue(lines.get(2).startsWith("| request-reply | 50 % | Foundation BEAM | 100,000 | 50,000 | 49,975 "
                + "| 60,000 | 87.3 us | 912 us | 1.25 ms | 12.0 ms | 250 ms | 2.00 s | 3 (12 ms, 7 ms) |"), lines.get(2));
        assertTrue(lines.get(3).contains("| 50 % | Pekko |"), lines.get(3));
        assertTrue(lines.get(4).contains("| 90 % | Foundation BEAM |"), lines.get(4));
        assertTrue(lines.get(5).contains("| 90 % | Pekko |"), lines.get(5));
    }

    @Test
    void onlyTheTextBetweenTheMarkersIsReplaced() {
        String page = "before\n" + LatencyReport.BEGIN + "\nold table\n" + LatencyReport.END + "\nafter\n";
        String out = LatencyReport.replaceBetweenMarkers(page, "new table\n");
        assertEquals("before\n" + LatencyReport.BEGIN + "\nnew table\n" + LatencyReport.END + "\nafter\n", out);
        assertEquals(out, LatencyReport.replaceBetweenMarkers(out, "new table"));
        assertThrows(IllegalStateException.class, () -> LatencyReport.replaceBetweenMarkers("no markers", "x"));
        assertThrows(IllegalStateException.class, () -> LatencyReport.replaceBetweenMarkers(
                LatencyReport.END + LatencyReport.BEGIN, "x"));
    }

    @Test
    void concurrentCyclesAreNotCountedAsPauses() {
        assertTrue(GcPauses.isStopTheWorld("G1 Young Generation", "end of minor GC"));
        assertTrue(GcPauses.isStopTheWorld("G1 Old Generation", "end of major GC"));
        assertTrue(GcPauses.isStopTheWorld("G1 Concurrent GC", "end of concurrent GC pause"));
        assertTrue(GcPauses.isStopTheWorld("ZGC Minor Pauses", "end of GC pause"));
        assertTrue(GcPauses.isStopTheWorld("Shenandoah Pauses", "Init Mark"));
        assertFalse(GcPauses.isStopTheWorld("ZGC Major Cycles", "end of GC cycle"));
        assertFalse(GcPauses.isStopTheWorld("Shenandoah Cycles", "end of GC cycle"));
    }
}
