package dev.hangdoctor.jvm.attach;

import dev.hangdoctor.jvm.attach.AttachException.Reason;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HotSpot's dynamic attach on Linux, as the JDK's own client does it but with no JDK tool: the
 * listener socket is {@code /tmp/.java_pid<nspid>} inside the target's mount namespace (reached as
 * {@code /proc/PID/root/tmp}, named after its pid in its own PID namespace); when it does not exist
 * yet, a trigger file {@code .attach_pid<nspid>} and one SIGQUIT make the JVM open it. SIGQUIT is
 * never sent to a JVM that already listens (it would print a thread dump on the application's
 * stdout), nor to one that cannot attach ({@code -XX:+DisableAttachMechanism}, read from its
 * performance data) or does not catch SIGQUIT ({@code -Xrs}, which it would kill). The socket is
 * checked as the JDK checks it (a socket, owned by the JVM's user, no access for others), and every
 * step has a deadline.
 */
public final class AttachClient {
  private static final long OTHERS_MASK = 0077;
  private static final long SOCKET_TYPE = 0140000;
  private static final long TYPE_MASK = 0170000;

  private final ProcFs procFs;
  private final QuitSignal quit;
  private final AttachTimeouts timeouts;

  public AttachClient(ProcFs procFs, QuitSignal quit, AttachTimeouts timeouts) {
    this.procFs = procFs;
    this.quit = quit;
    this.timeouts = timeouts;
  }

  /** The client of a real run: {@code /proc}, {@code kill -QUIT}, the default deadlines. */
  public static AttachClient system() {
    return new AttachClient(ProcFs.system(), QuitSignal.KILL_COMMAND, AttachTimeouts.DEFAULT);
  }

  /**
   * Finds or starts the attach listener of {@code pid} and learns which request version it speaks.
   *
   * @throws AttachException with the reason attaching is impossible
   */
  public AttachSession attach(int pid) throws AttachException, InterruptedException {
    AttachTarget target = target(pid);
    Path root = namespaceRoot(pid);
    Path socket = root.resolve("tmp").resolve(".java_pid" + target.namespacePid());
    if (!isListening(pid, target, socket)) {
      startListener(pid, target, root, socket);
    }
    checkSocket(socket, target);
    AttachSession session = new AttachSession(target, socket, 1, timeouts.answer());
    return session.withVersion(negotiate(session));
  }

  AttachTarget target(int pid) throws AttachException {
    try {
      return AttachTarget.fromStatus(pid, procFs.readText(procFs.pidDir(pid).resolve("status")));
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw new AttachException(Reason.TARGET_EXITED, "PID " + pid + " exited");
      }
      throw new AttachException(Reason.IO, e.getMessage(), e);
    }
  }

  /**
   * The target's root directory as we can reach it: {@code /proc/PID/root} (its mount namespace,
   * where its {@code /tmp} is), or {@code /} when that is refused (another user: then only a JVM
   * sharing our {@code /tmp} can be reached).
   */
  private Path namespaceRoot(int pid) {
    Path root = procFs.pidDir(pid).resolve("root");
    return Files.isDirectory(root.resolve("tmp")) ? root : Path.of("/");
  }

  private void startListener(int pid, AttachTarget target, Path root, Path socket)
      throws AttachException, InterruptedException {
    Optional<Boolean> supported = attachSupported(root, target);
    if (supported.isPresent() && !supported.get()) {
      throw new AttachException(
          Reason.ATTACH_DISABLED,
          "the JVM was started with -XX:+DisableAttachMechanism: it does not accept attach");
    }
    if (!target.catchesQuit()) {
      throw new AttachException(
          Reason.SIGNALS_REDUCED,
          "the JVM does not catch SIGQUIT (started with -Xrs or -XX:+ReduceSignalUsage), so its"
              + " attach listener cannot be started and SIGQUIT would kill it");
    }
    Path trigger = createTrigger(pid, target, root);
    try {
      quit.send(pid);
      Deadline deadline = Deadline.in(timeouts.listener());
      long step = 10;
      while (!isListening(pid, target, socket)) {
        if (deadline.passed()) {
          throw new AttachException(
              Reason.NOT_RESPONDING,
              "the JVM did not open its attach socket within "
                  + deadline.budget()
                  + " of SIGQUIT: it may be stuck in a safepoint or a garbage collection");
        }
        Thread.sleep(Math.min(step, Math.max(1, deadline.remainingMillis())));
        step = Math.min(step * 2, 100);
      }
    } finally {
      deleteQuietly(trigger);
    }
  }

  private Path createTrigger(int pid, AttachTarget target, Path root) throws AttachException {
    String name = ".attach_pid" + target.namespacePid();
    IOException first = null;
    for (Path dir : new Path[] {procFs.pidDir(pid).resolve("cwd"), root.resolve("tmp")}) {
      Path trigger = dir.resolve(name);
      try {
        return Files.createFile(trigger);
      } catch (FileAlreadyExistsException e) {
        return null; // another client is attaching; its trigger serves us too
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    String why = first == null ? "" : ": " + first.getMessage();
    if (why.contains("ermission") || why.contains("denied")) {
      throw new AttachException(
          Reason.PERMISSION_DENIED, "cannot create the attach trigger file" + why, first);
    }
    throw new AttachException(Reason.IO, "cannot create the attach trigger file" + why, first);
  }

  private static Optional<Boolean> attachSupported(Path root, AttachTarget target) {
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(root.resolve("tmp"), "hsperfdata_*")) {
      for (Path dir : dirs) {
        Path file = dir.resolve(Integer.toString(target.namespacePid()));
        if (Files.isRegularFile(file)) {
          Optional<Boolean> supported = PerfDataParser.attachSupported(Files.readAllBytes(file));
          if (supported.isPresent()) {
            return supported;
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Whether the JVM listens on its attach socket now. The file alone does not say so: a JVM killed
   * with SIGKILL leaves its socket file behind, and where pids are few and reused (containers, a
   * {@code pid_max} of 32768) a later JVM with the same pid finds it, refusing every connection. A
   * socket file is live when the kernel's table of UNIX sockets in the target's network namespace
   * has a listener bound to its path, or to the {@code .tmp} name HotSpot binds before it renames
   * the file into place (the table keeps the name bound); when that table cannot be read, the file
   * decides.
   */
  private boolean isListening(int pid, AttachTarget target, Path socket) {
    if (!isSocketFile(socket)) {
      return false;
    }
    String boundPath = "/tmp/.java_pid" + target.namespacePid();
    try {
      String table = procFs.readText(procFs.pidDir(pid).resolve("net").resolve("unix"));
      Set<String> listening = UnixSocketTableParser.listeningPaths(table);
      return listening.contains(boundPath) || listening.contains(boundPath + ".tmp");
    } catch (ProcReadException e) {
      return true;
    }
  }

  private static boolean isSocketFile(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) mode & TYPE_MASK) == SOCKET_TYPE;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The checks of the JDK's client: the file is a socket, owned by the JVM's effective user, with
   * no access for group or others; anything else may be a socket planted by another user.
   */
  private static void checkSocket(Path socket, AttachTarget target) throws AttachException {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(socket, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new AttachException(
          Reason.IO, "cannot check the attach socket " + socket + ": " + e.getMessage(), e);
    }
    int mode = (Integer) attributes.get("mode");
    int owner = (Integer) attributes.get("uid");
    if ((mode & TYPE_MASK) != SOCKET_TYPE) {
      throw new AttachException(Reason.INSECURE_SOCKET, socket + " is not a socket");
    }
    if (target.euid() >= 0 && owner != target.euid()) {
      throw new AttachException(
          Reason.INSECURE_SOCKET,
          String.format(
              "the attach socket %s is owned by uid %d, not by the JVM's uid %d: not trusted",
              socket, owner, target.euid()));
    }
    if ((mode & OTHERS_MASK) != 0) {
      throw new AttachException(
          Reason.INSECURE_SOCKET,
          String.format(
              "the attach socket %s is open to other users (mode %04o): not trusted",
              socket, mode & 07777));
    }
  }

  /**
   * 2 when the listener speaks request version 2 (JDK 24+ answers {@code getversion options} with
   * {@code 0} and {@code 2 streaming}), else 1.
   */
  private static int negotiate(AttachSession session) throws AttachException {
    AttachReply reply = session.execute(AttachRequest.v1("getversion", "options"));
    if (reply.ok()) {
      String version = reply.firstLine();
      if (version.startsWith("2")) {
        return 2;
      }
    }
    return 1;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the JVM may have removed it already; a leftover trigger is harmless
    }
  }
}
