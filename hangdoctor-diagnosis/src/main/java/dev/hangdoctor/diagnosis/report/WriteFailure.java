package dev.hangdoctor.diagnosis.report;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a report file could not be written, in the words of {@code ls} and {@code cp} ("No space left
 * on device", "permission denied"), with the path it concerns, instead of a Java exception name.
 */
public final class WriteFailure {
  private WriteFailure() {}

  public static String describe(IOException e) {
    if (e instanceof FileSystemException) {
      FileSystemException failure = (FileSystemException) e;
      String file = failure.getFile() == null ? "" : failure.getFile() + ": ";
      if (e instanceof AccessDeniedException) {
        return file + "permission denied";
      }
      if (e instanceof NoSuchFileException) {
        return file + "no such file or directory";
      }
      if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
        return file + "exists and is not a directory";
      }
      if (failure.getReason() != null) {
        return file + failure.getReason();
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
