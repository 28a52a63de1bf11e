package dev.hangdoctor.testkit;

import java.nio.file.Path;

/**
 * A CPython found on this machine, with the version it reported when asked; {@code freeThreaded}
 * marks a build without the GIL ({@code Py_GIL_DISABLED}).
 */
public record PythonInterpreter(Path path, int major, int minor, int micro, boolean freeThreaded) {

  /** The version as {@code major.minor.micro}. */
  public String version() {
    return major + "." + minor + "." + micro;
  }

  /** True if this is at least version {@code major.minor}. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    return "CPython " + version() + (freeThreaded ? "t" : "") + " (" + path + ")";
  }
}
