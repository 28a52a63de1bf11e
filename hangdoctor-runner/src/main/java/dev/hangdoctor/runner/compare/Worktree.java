package dev.hangdoctor.runner.compare;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A temporary git worktree of the user's repository (in a fresh directory under the system's
 * temporary directory, detached at a commit), removed by {@link #close()}: {@code git worktree
 * remove --force}, and if that fails the directory is deleted and the registration pruned. The
 * user's own working tree, index and stashes are only ever read.
 */
public final class Worktree implements AutoCloseable {
  private final Repository repository;
  private final Path parent;
  private final Path dir;
  private boolean closed;

  private Worktree(Repository repository, Path parent, Path dir) {
    this.repository = repository;
    this.parent = parent;
    this.dir = dir;
  }

  /** A worktree of {@code repository} at {@code commit}. */
  public static Worktree at(Repository repository, String commit)
      throws GitException, InterruptedException {
    Path parent;
    try {
      parent = Files.createTempDirectory("hangdoctor-compare-");
    } catch (IOException e) {
      throw new GitException("cannot create a temporary directory: " + e.getMessage(), false);
    }
    Path dir = parent.resolve("tree");
    Worktree tree = new Worktree(repository, parent, dir);
    try {
      repository.git().run("worktree", "add", "--detach", "--quiet", dir.toString(), commit);
    } catch (GitException | InterruptedException | RuntimeException e) {
      tree.close();
      throw e;
    }
    return tree;
  }

  /**
   * The working tree as it is now, uncommitted and untracked (not ignored) files included, except
   * {@code paths}, which are as in {@code baselineCommit}: a worktree at HEAD with the user's
   * changes copied in, then those paths replaced.
   */
  public static Worktree withPathsReverted(
      Repository repository, String baselineCommit, List<String> paths)
      throws GitException, InterruptedException {
    Worktree tree = at(repository, repository.commit("HEAD"));
    try {
      for (String path : repository.localChanges()) {
        tree.copyFromUser(path);
      }
      for (String path : paths) {
        String relative = repository.fromTop(path);
        tree.delete(relative);
        if (repository.exists(baselineCommit, relative)) {
          new Git(tree.dir).run("checkout", "--quiet", baselineCommit, "--", relative);
        }
      }
    } catch (GitException | InterruptedException | RuntimeException e) {
      tree.close();
      throw e;
    }
    return tree;
  }

  /** The worktree's top directory. */
  public Path dir() {
    return dir;
  }

  /** Where the command runs: the worktree's counterpart of the user's directory. */
  public Path workingDirectory() throws GitException {
    Path here = dir.resolve(repository.prefix());
    if (!Files.isDirectory(here)) {
      throw new GitException(
          "the directory " + repository.prefix() + " does not exist at the baseline", false);
    }
    return here;
  }

  /** Moves the worktree to {@code commit}, removing whatever the previous one's runs left. */
  public void checkout(String commit) throws GitException, InterruptedException {
    Git git = new Git(dir);
    git.run("checkout", "--quiet", "--force", "--detach", commit);
    git.run("clean", "-q", "-f", "-d", "-x");
  }

  private void copyFromUser(String path) throws GitException {
    Path source = repository.top().resolve(path);
    Path target = dir.resolve(path);
    try {
      if (Files.exists(source, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(source)) {
        Files.createDirectories(target.getParent());
        Files.copy(
            source,
            target,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      } else if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(target);
      }
    } catch (IOException e) {
      throw new GitException("cannot copy " + path + " into the worktree: " + e, false);
    }
  }

  private void delete(String path) throws GitException {
    try {
      deleteTree(dir.resolve(path));
    } catch (IOException e) {
      throw new GitException("cannot remove " + path + " from the worktree: " + e, false);
    }
  }

  /** Removes the worktree; safe to call twice, and from a shutdown hook. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean removedByGit = false;
    try {
      if (Files.exists(dir)) {
        repository.git().run("worktree", "remove", "--force", dir.toString());
        removedByGit = true;
      }
    } catch (GitException e) {
      // deleted below, and its registration pruned
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      deleteTree(parent);
      if (!removedByGit) {
        repository.git().run("worktree", "prune");
      }
    } catch (IOException | GitException e) {
      // nothing more can be done; a later "git worktree prune" tidies the registration
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once the worktree's directory is gone. */
  public boolean removed() {
    return !Files.exists(parent);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
