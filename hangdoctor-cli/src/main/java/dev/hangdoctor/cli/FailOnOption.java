package dev.hangdoctor.cli;

import dev.hangdoctor.evidence.Confidence;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --fail-on low|medium|high}: the least sure finding that makes a verdict a failure (exit
 * status 1 for {@code diagnose} and {@code probe}, a failed check for {@code watch --pid}). The
 * default, {@code medium}, prints LOW findings (circumstantial evidence) without failing on them.
 */
public final class FailOnOption {
  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "medium",
      converter = LevelConverter.class,
      completionCandidates = Levels.class,
      description =
          "Least sure finding that counts as a hang for the exit status: low, medium or high"
              + " (default: ${DEFAULT-VALUE}; LOW findings are printed either way).")
  Confidence failOn;

  Confidence threshold() {
    return failOn;
  }

  /** "low", "medium", "high" in any case. */
  static final class LevelConverter implements ITypeConverter<Confidence> {
    @Override
    public Confidence convert(String value) {
      try {
        return Confidence.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a confidence level: use low, medium or high");
      }
    }
  }

  /** The completion candidates, in the order of the help text. */
  static final class Levels implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("low", "medium", "high").iterator();
    }
  }
}
