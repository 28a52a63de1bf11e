package dev.hangdoctor.accuracy.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The corpus on disk: every folder under {@code hangs/} and {@code controls/}, read with {@link
 * CaseParser}. A folder whose {@code case.json} is missing or wrong is listed as invalid, with the
 * reason, rather than dropped.
 *
 * @param root the {@code corpus} folder
 * @param cases the valid cases, hangs first, each group sorted by id
 * @param invalid the reasons of the folders that could not be read
 */
public record Corpus(Path root, List<CorpusCase> cases, List<String> invalid) {
  public Corpus {
    cases = List.copyOf(cases);
    invalid = List.copyOf(invalid);
  }

  /** {@code corpus/lib}, which every {@code start} script imports as {@code CORPUS_LIB}. */
  public Path lib() {
    return root.resolve("lib");
  }

  /** {@code corpus/requirements.txt}. */
  public Path requirements() {
    return root.resolve("requirements.txt");
  }

  /**
   * Reads the corpus under {@code root}.
   *
   * @throws IOException if {@code root} or one of its two folders cannot be listed
   */
  public static Corpus read(Path root) throws IOException {
    if (!Files.isDirectory(root.resolve("hangs")) && !Files.isDirectory(root.resolve("controls"))) {
      throw new IOException(root + " is not a corpus: it has neither hangs/ nor controls/");
    }
    List<CorpusCase> cases = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (String group : List.of("hangs", "controls")) {
      for (Path dir : folders(root.resolve(group))) {
        Path json = dir.resolve("case.json");
        if (!Files.isRegularFile(json)) {
          invalid.add(dir + ": no case.json");
          continue;
        }
        try {
          cases.add(
              CaseParser.parse(
                  Files.readString(json, StandardCharsets.UTF_8), dir.toAbsolutePath()));
        } catch (CorpusException e) {
          invalid.add(e.getMessage());
        }
      }
    }
    return new Corpus(root.toAbsolutePath(), cases, invalid);
  }

  private static List<Path> folders(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry) && !name.startsWith(".") && !name.startsWith("__")) {
          found.add(entry);
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return found;
  }
}
