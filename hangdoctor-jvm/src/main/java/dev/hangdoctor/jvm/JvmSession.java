package dev.hangdoctor.jvm;

import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.JvmStacks.Status;
import dev.hangdoctor.jvm.attach.AttachClient;
import dev.hangdoctor.jvm.attach.AttachException;
import dev.hangdoctor.jvm.attach.AttachSession;
import dev.hangdoctor.jvm.dump.DumpMerge;
import dev.hangdoctor.jvm.dump.JdkFormats;
import dev.hangdoctor.jvm.dump.JsonThreadDumpParser;
import dev.hangdoctor.jvm.dump.ThreadPrint;
import dev.hangdoctor.jvm.dump.ThreadPrintParser;
import dev.hangdoctor.jvm.dump.VmVersionParser;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Java side of one JVM over one sampling window: attaches once, asks {@code VM.version} and
 * {@code VM.flags} once (when asked to), and a thread dump per sample ({@code Thread.print -e};
 * again with {@code -l} when a thread waits for a java.util.concurrent lock, whose holder only
 * {@code -l} names; plus the JSON dump on JDK 21+ when virtual threads are about). A JVM that could
 * not be asked is not asked again in the same window: its reason stands for every sample, so a
 * wedged VM costs one deadline, not one per sample. Not thread-safe; one per process and window.
 */
public final class JvmSession implements AutoCloseable {
  private static final String THREAD_PRINT = "Thread.print -e";

  /**
   * With the holders of java.util.concurrent locks ({@code -l}): the JVM finds them by walking the
   * heap at the safepoint, which makes the pause several times longer (1 ms → 3 ms on JDK 17, 1 ms
   * → 20–40 ms on 25 for a 50-thread JVM), so it is asked only when a thread waits for such a lock.
   */
  private static final String THREAD_PRINT_LOCKS = "Thread.print -l -e";

  private static final List<String> VIRTUAL_THREAD_HELPERS =
      List.of("VirtualThread-unblocker", "MasterPoller", "Read-Poller", "Write-Poller");

  private final int pid;
  private final ProcFs procFs;
  private final AttachClient client;
  private final boolean askVmInfo;
  private AttachSession session;
  private JvmStacks failure;
  private String vmName;
  private String version;
  private List<String> flags = List.of();
  private boolean versionAsked;

  JvmSession(int pid, ProcFs procFs, AttachClient client, boolean askVmInfo) {
    this.pid = pid;
    this.procFs = procFs;
    this.client = client;
    this.askVmInfo = askVmInfo;
  }

  /** The Java threads now, or why they could not be read. Never throws for what it finds. */
  public JvmStacks sample() throws InterruptedException {
    if (failure != null) {
      return failure;
    }
    try {
      if (session == null) {
        session = client.attach(pid);
      }
      if (!versionAsked && askVmInfo) {
        versionAsked = true;
        askVersionAndFlags();
      }
      long started = System.nanoTime();
      String command = THREAD_PRINT;
      String text;
      try {
        text = session.jcmd(command);
        if (waitsForOwnableLock(ThreadPrintParser.parse(text).threads())) {
          command = THREAD_PRINT_LOCKS;
          text = session.jcmd(command);
        }
      } catch (AttachException e) {
        if (e.reason() == AttachException.Reason.NOT_RESPONDING && version != null) {
          throw new AttachException(
              AttachException.Reason.NOT_RESPONDING,
              "the JVM answered VM.version but no thread dump came ("
                  + e.getMessage()
                  + "): it cannot bring its threads to a safepoint");
        }
        throw e;
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      ThreadPrint dump = ThreadPrintParser.parse(text);
      if (dump.threads().isEmpty()) {
        return remember(
            JvmStacks.unavailable(
                Status.UNREADABLE, "the JVM's thread dump could not be read: " + firstLine(text)));
      }
      int feature = version != null ? JdkFormats.featureOf(version) : dump.feature();
      List<JavaThread> threads = dump.threads();
      String source = command + " over " + session.describe();
      if (JdkFormats.of(feature).jsonDump() && hasVirtualThreads(threads)) {
        String json = jsonDump();
        if (json != null) {
          threads = DumpMerge.merge(threads, JsonThreadDumpParser.parse(json));
          source += ", and the JSON thread dump for virtual threads";
        }
      }
      return new JvmStacks(
          Status.READ,
          vmName != null ? vmName : dump.vmName(),
          version != null ? version : dump.version(),
          feature,
          threads,
          dump.deadlocks(),
          flags,
          source,
          millis,
          null);
    } catch (AttachException e) {
      return remember(failed(e));
    } catch (IllegalArgumentException e) {
      return remember(JvmStacks.unavailable(Status.UNREADABLE, e.getMessage()));
    }
  }

  private void askVersionAndFlags() {
    try {
      VmVersionParser.VmVersion parsed = VmVersionParser.parse(session.jcmd("VM.version"));
      vmName = parsed.vmName();
      version = parsed.version();
    } catch (AttachException e) {
      // the thread dump's banner names the VM too
    }
    try {
      flags =
          Arrays.stream(session.jcmd("VM.flags").strip().split("\\s+"))
              .filter(flag -> flag.startsWith("-"))
              .toList();
    } catch (AttachException e) {
      flags = List.of();
    }
  }

  /**
   * The JSON dump, written by the JVM into a file of its own {@code /tmp} (a dump on the socket is
   * cut at 16,000 bytes) and read back through {@code /proc/PID/root}; {@code null} when the JVM
   * refused or the file could not be read.
   */
  private String jsonDump() {
    String name =
        "/tmp/hangdoctor-"
            + pid
            + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + ".json";
    Path file = procFs.pidDir(pid).resolve("root").resolve(name.substring(1));
    try {
      String reply = session.jcmd("Thread.dump_to_file -format=json " + name);
      if (!reply.contains("Created")) {
        return null;
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (AttachException | IOException e) {
      return null;
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the JVM's own /tmp; a leftover file is named for hangdoctor and the pid
      }
    }
  }

  /**
   * True when a thread is parked on a lock that has an owner ({@code ReentrantLock}, {@code
   * ReentrantReadWriteLock} or any other lock built on an AQS {@code Sync}): only {@code -l} says
   * who holds it.
   */
  static boolean waitsForOwnableLock(List<JavaThread> threads) {
    for (JavaThread thread : threads) {
      JavaLockWait wait = thread.waitingFor();
      if (wait != null && wait.kind() == JavaLockWait.Kind.PARK) {
        String type = wait.object().className();
        if (type.contains("Lock") && type.endsWith("Sync")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasVirtualThreads(List<JavaThread> threads) {
    for (JavaThread thread : threads) {
      if (thread.carrying() || VIRTUAL_THREAD_HELPERS.contains(thread.name())) {
        return true;
      }
      if (thread.frames().stream()
          .anyMatch(
              frame ->
                  frame.className().equals("java.util.concurrent.ThreadPerTaskExecutor")
                      || frame.className().equals("java.lang.VirtualThread"))) {
        return true;
      }
    }
    return false;
  }

  private JvmStacks remember(JvmStacks stacks) {
    failure = stacks;
    return stacks;
  }

  private JvmStacks failed(AttachException e) {
    Status status =
        switch (e.reason()) {
          case TARGET_EXITED -> Status.TARGET_EXITED;
          case ATTACH_DISABLED -> Status.ATTACH_DISABLED;
          case SIGNALS_REDUCED -> Status.SIGNALS_REDUCED;
          case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
          case NOT_RESPONDING -> Status.NOT_RESPONDING;
          case REJECTED -> Status.REJECTED;
          default -> Status.UNREADABLE;
        };
    return new JvmStacks(
        status,
        vmName,
        version,
        JdkFormats.featureOf(version),
        List.of(),
        List.of(),
        flags,
        null,
        0,
        e.getMessage());
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int end = stripped.indexOf('\n');
    return end < 0 ? stripped : stripped.substring(0, end);
  }

  @Override
  public void close() {
    session = null;
  }
}
