package dev.hangdoctor.benchmarks;

/** A benchmark that could not measure what it set out to; the message says what and why. */
final class BenchmarkException extends Exception {
  private static final long serialVersionUID = 1L;

  BenchmarkException(String message) {
    super(message);
  }

  BenchmarkException(String message, Throwable cause) {
    super(message, cause);
  }
}
