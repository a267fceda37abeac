package io.foundation.beam.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's goal checks: on the medians, in every round where the issue asks so, and absolute bounds. */
class CompareReportGoalsTest {

    private static CompareReport.Row row(CompareReport.Spec spec, boolean lowerIsBetter, double[] beam, double[] pekko) {
        CompareReport.Row row = new CompareReport.Row(spec, "ops/s", lowerIsBetter);
        for (int i = 0; i < beam.length; i++) {
            row.add(CompareSupport.BEAM, i + 1, beam[i]);
            row.add(CompareSupport.PEKKO, i + 1, pekko[i]);
        }
        return row;
    }

    @Test
    void aGoalInEveryRoundFailsOnOneWeakRoundEvenWhenTheMedianMeetsIt() {
        CompareReport.Spec everyRound = new CompareReport.Spec("W3 d", "ping-pong", 1.2, 1, true, Double.NaN);
        // Rounds: 2.0x, 2.0x, 1.1x; the median of the Foundation BEAM samples over the median of Pekko's is 2.0.
        double[] beam = {4.0, 4.0, 2.2};
        double[] pekko = {2.0, 2.0, 2.0};
        assertEquals("**no**", row(everyRound, false, beam, pekko).met());
        CompareReport.Spec onMedians = new CompareReport.Spec("W3 d", "ping-pong", 1.2, 1);
        assertEquals("yes", row(onMedians, false, beam, pekko).met());
        assertEquals("yes", row(everyRound, false, new double[] {4.0, 4.0, 2.5}, pekko).met());
    }

    @Test
    void anAbsoluteBoundOnFoundationBeamsMedianMustHoldToo() {
        CompareReport.Spec bytes = new CompareReport.Spec("W2 a", "bytes", 1 / 0.9, Double.NaN, false, 190);
        double[] pekko = {756, 756};
        assertEquals("yes", row(bytes, true, new double[] {160, 161}, pekko).met());
        assertEquals("**no**", row(bytes, true, new double[] {221, 222}, pekko).met());
    }

    @Test
    void theReceiveLoopRowTakesErlangsPingPongFigure() {
        Map<String, CompareReport.Row> rows = new HashMap<>();
        CompareReport.Spec loops = new CompareReport.Spec("W3 e", "W3 ping-pong, receive loops", 1.2, 1, true,
                Double.NaN);
        rows.put("W3 e", new CompareReport.Row(loops, "ops/s", false));
        CompareReport.readErlang(List.of(ErlangResults.parse(
                "ERL\tw3-ping-pong\tW3PingPongBenchmark.handlers\traw\t-\tops/s\tthrpt\t1\t2.0e+6")), rows);
        assertEquals(List.of(2.0e6), rows.get("W3 e").all(ErlangResults.SYSTEM));
        assertEquals(List.of(2.0e6), rows.get("W3 d").all(ErlangResults.SYSTEM));
    }
}
