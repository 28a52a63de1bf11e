package dev.hangdoctor.cpython.layout;

/** The interpreter is not one whose layout hangdoctor knows, e.g. "unsupported CPython 3.10". */
public final class UnsupportedPythonException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnsupportedPythonException(String message) {
    super(message);
  }
}
