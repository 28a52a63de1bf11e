package dev.hangdoctor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real git repository made by a test, with programs that hang a given share of their runs: each
 * run draws from {@code os.urandom}, so the flakiness is real randomness seeded by the OS, and a
 * hang is a real self-deadlock on a {@code threading.Lock} (a known signature), reached in a few
 * milliseconds.
 */
final class GitFixture {
  private final Path dir;

  private GitFixture(Path dir) {
    this.dir = dir;
  }

  static GitFixture init(Path dir) throws Exception {
    Files.createDirectories(dir);
    GitFixture repo = new GitFixture(dir);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.email", "test@example.com");
    repo.git("config", "user.name", "test");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  Path dir() {
    return dir;
  }

  /** A Python program that self-deadlocks in {@code percent} % of its runs, in {@code flush}. */
  static String hangingProgram(int percent) {
    return "import os, threading\n"
        + "HANG_PERCENT = "
        + percent
        + "\n"
        + "lock = threading.Lock()\n"
        + "def flush():\n"
        + "    with lock:\n"
        + "        pass\n"
        + "def main():\n"
        + "    if int.from_bytes(os.urandom(2), 'big') < HANG_PERCENT * 65536 // 100:\n"
        + "        with lock:\n"
        + "            flush()\n"
        + "main()\n";
  }

  GitFixture write(String path, String text) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return this;
  }

  String commit(String message) throws Exception {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A hash of every file under the repository, {@code .git} included (index, stashes, refs,
   * worktree registrations), with its path and mode: equal hashes mean a byte-for-byte equal tree.
   */
  String hash() {
    try (Stream<Path> files = Files.walk(dir)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.sorted().toList()) {
        digest.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        if (Files.isRegularFile(file)) {
          digest.update(Files.readAllBytes(file));
          digest.update((byte) (Files.isExecutable(file) ? 1 : 0));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
