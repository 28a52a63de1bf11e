package dev.hangdoctor.accuracy.corpus;

/** A corpus folder or {@code case.json} that does not follow {@code corpus/README.md}. */
public final class CorpusException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorpusException(String message) {
    super(message);
  }

  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
