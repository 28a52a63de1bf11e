package dev.hangdoctor.runner.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The git repository the user runs in, seen read-only: its top directory, where the user stands in
 * it, revisions resolved to commits, and the list of commits between two of them. Nothing here
 * writes to the working tree, the index or the stashes.
 */
public final class Repository {
  private final Git git;
  private final String prefix;

  private Repository(Git git, String prefix) {
    this.git = git;
    this.prefix = prefix;
  }

  /** The repository holding {@code cwd}; a {@link GitException} when there is none. */
  public static Repository at(Path cwd) throws GitException, InterruptedException {
    Git here = new Git(cwd);
    if (!here.succeeds("rev-parse", "--is-inside-work-tree")) {
      throw new GitException(cwd + " is not inside a git working tree", false);
    }
    Path top = Path.of(here.run("rev-parse", "--show-toplevel").strip());
    String prefix = here.run("rev-parse", "--show-prefix").strip();
    return new Repository(new Git(top), prefix);
  }

  public Path top() {
    return git.dir();
  }

  /** Where the user stands, relative to the top ("" at the top, else ending in '/'). */
  public String prefix() {
    return prefix;
  }

  /** The full commit id {@code revision} names; a {@link GitException} saying so when none. */
  public String commit(String revision) throws GitException, InterruptedException {
    if (revision.startsWith("-")) {
      throw new GitException("not a revision: " + revision, false);
    }
    if (!git.succeeds("rev-parse", "--verify", "--quiet", revision + "^{commit}")) {
      throw new GitException("no commit named '" + revision + "' in " + top(), false);
    }
    return git.run("rev-parse", "--verify", "--quiet", revision + "^{commit}").strip();
  }

  /** The first line of a commit's message, with its short id: "1a2b3c4 Add the cache". */
  public String describe(String commit) throws GitException, InterruptedException {
    return git.run("log", "-1", "--format=%h %s", commit).strip();
  }

  /**
   * The commits after {@code good} up to {@code bad} along the first-parent line, oldest first;
   * {@code good} must be an ancestor of {@code bad}.
   */
  public List<String> between(String good, String bad) throws GitException, InterruptedException {
    if (!git.succeeds("merge-base", "--is-ancestor", good, bad)) {
      throw new GitException(
          "the good revision "
              + shortId(good)
              + " is not an ancestor of the bad one "
              + shortId(bad),
          false);
    }
    List<String> commits = new ArrayList<>();
    for (String line :
        git.run("rev-list", "--reverse", "--first-parent", good + ".." + bad).split("\n")) {
      if (!line.isBlank()) {
        commits.add(line.strip());
      }
    }
    return commits;
  }

  /** Tracked files changed or deleted, and untracked files not ignored, relative to the top. */
  List<String> localChanges() throws GitException, InterruptedException {
    List<String> paths = new ArrayList<>(git.entries("ls-files", "-z", "--modified", "--deleted"));
    paths.addAll(git.entries("ls-files", "-z", "--others", "--exclude-standard"));
    return paths.stream().distinct().toList();
  }

  /** True when {@code path} (relative to the top) exists in {@code commit}. */
  boolean exists(String commit, String path) throws GitException, InterruptedException {
    return git.succeeds("cat-file", "-e", commit + ":" + path);
  }

  /** A path given on the command line (relative to where the user stands) relative to the top. */
  String fromTop(String path) throws GitException, InterruptedException {
    Path resolved = top().resolve(prefix).resolve(path).normalize();
    if (!resolved.startsWith(top())) {
      throw new GitException(path + " is outside the repository " + top(), false);
    }
    return top().relativize(resolved).toString();
  }

  Git git() {
    return git;
  }

  static String shortId(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
