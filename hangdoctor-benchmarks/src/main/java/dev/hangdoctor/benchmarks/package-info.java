/**
 * Benchmark commands that print figures. Speed goals live here, never in timed tests: {@link
 * dev.hangdoctor.benchmarks.InspectBenchmark} times one full {@code inspect} snapshot in process
 * and the whole {@code hangdoctor inspect PID} command against a target with 1,000 threads and
 * 10,000 sockets. Run it with {@code bench/inspect-benchmark}.
 */
package dev.hangdoctor.benchmarks;
