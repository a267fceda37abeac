package io.foundation.beam.benchmarks.distributed;

/**
 * The work item every system runs, the same everywhere: the item is a short string ({@code "<node>-<sequence>"}),
 * the worker spends about a microsecond of CPU on it (a hash of the string, {@value #ROUNDS} times over) and returns
 * a short string (the hash in hex). Small on purpose: the benchmark measures the cost of moving work and results,
 * not of the work.
 */
final class Work {

    /** How many times the worker hashes the item. */
    static final int ROUNDS = 64;

    private Work() {
    }

    /**
     * @param item the work item
     * @return its result
     */
    static String run(String item) {
        int h = 17;
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < item.length(); i++) {
                h = 31 * h + item.charAt(i) + r;
            }
        }
        return Integer.toHexString(h);
    }
}
