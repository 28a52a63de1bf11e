/**
 * Benchmark commands that print figures. Speed goals live here, never in timed tests: {@link
 * dev.hangdoctor.benchmarks.InspectBenchmark} times one full {@code inspect} snapshot in process
 * and the whole {@code hangdoctor inspect PID} command against a target with 1,000 threads and
 * 10,000 sockets; {@link dev.hangdoctor.benchmarks.DumpBenchmark} times {@code
 * PythonStackReader.read(pid)} on Python targets with 50 and 1,000 parked threads and the whole
 * {@code hangdoctor dump PID} beside {@code py-spy dump}. Run them with {@code
 * bench/inspect-benchmark} and {@code bench/dump-benchmark}.
 */
package dev.hangdoctor.benchmarks;
