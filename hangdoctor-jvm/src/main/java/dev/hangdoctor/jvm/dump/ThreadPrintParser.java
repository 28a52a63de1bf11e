package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaDeadlock;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaObjectRef;
import dev.hangdoctor.evidence.JavaThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code Thread.print [-l] [-e]} (the body {@code jstack} prints) of JDK 17 and
 * later: the banner, one block per thread (a header line starting with a quote, the {@code
 * java.lang.Thread.State} line, frames with their lock lines, the ownable synchronizers of {@code
 * -l}, the virtual thread a carrier has mounted), the VM's own threads, and the {@code Found one
 * Java-level deadlock} report. Blocks are started by header lines, never split on blank lines (a
 * {@code -l} block has one inside). Owners of awaited locks are resolved across threads by {@link
 * LockOwners}. A pure function: lines it does not know are skipped.
 */
public final class ThreadPrintParser {
  private static final Pattern BANNER =
      Pattern.compile("^Full thread dump (.+?) \\((\\S+).*\\):\\s*$");

  /**
   * {@code "name" #12 [4711] daemon prio=5 os_prio=0 … tid=0x… nid=0x1267 waiting on condition
   * [0x…]}; VM threads have no {@code #id}, JDK 25 adds the OS thread id in brackets and prints
   * {@code nid} in decimal, a carrier of a virtual thread has no {@code nid}.
   */
  private static final Pattern HEADER =
      Pattern.compile(
          "^\"(?<name>.*)\"(?: #(?<id>\\d+))?(?: \\[(?<os>\\d+)\\])?(?<daemon> daemon)?"
              + "(?: prio=\\d+)? os_prio=-?\\d+ ");

  private static final Pattern NID = Pattern.compile(" nid=(0x[0-9a-fA-F]+|\\d+)");
  private static final Pattern CPU = Pattern.compile(" cpu=([0-9.]+)ms");
  private static final Pattern ALLOCATED = Pattern.compile(" allocated=(\\d+)([BKMGT]?)");
  private static final Pattern STATE =
      Pattern.compile(
          "^\\s+java\\.lang\\.Thread\\.State: (?<state>[A-Z_]+)(?: \\((?<detail>[^)]*)\\))?");
  private static final Pattern OBJECT =
      Pattern.compile("<(?<id>0x[0-9a-fA-F]+)> \\(a (?<class>.+)\\)\\s*$");
  private static final Pattern CARRYING = Pattern.compile("^\\s+Carrying virtual thread #(\\d+)");
  private static final Pattern MOUNTED = Pattern.compile("^\\s+Mounted virtual thread #(\\d+)");
  private static final Pattern DEADLOCK_WAIT =
      Pattern.compile(
          "^\\s+waiting (?:to lock monitor 0x[0-9a-fA-F]+ \\(object (?<mid>0x[0-9a-fA-F]+), a"
              + " (?<mclass>[^)]+)\\)|for ownable synchronizer (?<sid>0x[0-9a-fA-F]+), \\(a"
              + " (?<sclass>[^)]+)\\)).*$");
  private static final Pattern HELD_BY =
      Pattern.compile("^\\s+which is held by \"(?<owner>.*)\"\\s*$");
  private static final String CLASS_INIT = "- waiting on the Class initialization monitor for ";

  private ThreadPrintParser() {}

  public static ThreadPrint parse(String text) {
    String vmName = null;
    String version = null;
    List<JavaThread> threads = new ArrayList<>();
    List<JavaDeadlock> deadlocks = new ArrayList<>();
    ThreadBuilder current = null;
    boolean inOwnable = false;
    List<String> lines = text.lines().toList();
    int i = 0;
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher banner = BANNER.matcher(line);
      if (vmName == null && banner.matches()) {
        vmName = banner.group(1);
        version = banner.group(2);
        continue;
      }
      if (line.startsWith("JNI global ref") || line.startsWith("Found one Java-level deadlock")) {
        break;
      }
      if (line.startsWith("\"")) {
        Matcher header = HEADER.matcher(line);
        if (header.lookingAt()) {
          finish(current, threads);
          current = ThreadBuilder.of(header, line);
          inOwnable = false;
        }
        continue;
      }
      if (current == null) {
        continue;
      }
      String trimmed = line.strip();
      Matcher state = STATE.matcher(line);
      Matcher carrying = CARRYING.matcher(line);
      Matcher mounted = MOUNTED.matcher(line);
      if (state.find()) {
        current.state = state.group("state");
        current.detail = state.group("detail");
      } else if (carrying.find()) {
        current.carried = Long.parseLong(carrying.group(1));
      } else if (mounted.find()) {
        ThreadBuilder carrier = current;
        finish(carrier, threads);
        current = ThreadBuilder.mounted(Long.parseLong(mounted.group(1)), carrier.nid);
        inOwnable = false;
      } else if (trimmed.startsWith("at ")) {
        current.frame(trimmed.substring(3));
      } else if (trimmed.equals("Locked ownable synchronizers:")) {
        inOwnable = true;
      } else if (trimmed.startsWith("- ")) {
        if (inOwnable) {
          objectOf(trimmed).ifPresent(current.ownable::add);
        } else {
          current.lock(trimmed);
        }
      }
    }
    finish(current, threads);
    deadlocks.addAll(deadlocks(lines.subList(Math.min(i, lines.size()), lines.size())));
    return new ThreadPrint(vmName, version, LockOwners.resolve(threads), deadlocks);
  }

  private static void finish(ThreadBuilder builder, List<JavaThread> threads) {
    if (builder != null) {
      threads.add(builder.build());
    }
  }

  private static List<JavaDeadlock> deadlocks(List<String> lines) {
    List<JavaDeadlock> deadlocks = new ArrayList<>();
    List<JavaDeadlock.Edge> edges = null;
    String thread = null;
    JavaObjectRef object = null;
    String resource = null;
    boolean stacks = false;
    for (String line : lines) {
      if (line.startsWith("Found one Java-level deadlock")) {
        if (edges != null && !edges.isEmpty()) {
          deadlocks.add(new JavaDeadlock(edges));
        }
        edges = new ArrayList<>();
        stacks = false;
        continue;
      }
      if (edges == null || stacks) {
        continue;
      }
      if (line.startsWith("Java stack information")) {
        stacks = true;
        continue;
      }
      if (line.startsWith("\"") && line.strip().endsWith("\":")) {
        String name = line.strip();
        thread = name.substring(1, name.length() - 2);
        continue;
      }
      Matcher wait = DEADLOCK_WAIT.matcher(line);
      if (wait.matches()) {
        boolean monitor = wait.group("mid") != null;
        object =
            monitor
                ? new JavaObjectRef(wait.group("mid"), wait.group("mclass"))
                : new JavaObjectRef(wait.group("sid"), wait.group("sclass"));
        resource = monitor ? "monitor" : "ownable synchronizer";
        continue;
      }
      Matcher held = HELD_BY.matcher(line);
      if (held.matches() && thread != null && object != null) {
        edges.add(new JavaDeadlock.Edge(thread, resource, object, held.group("owner")));
        object = null;
      }
    }
    if (edges != null && !edges.isEmpty()) {
      deadlocks.add(new JavaDeadlock(edges));
    }
    return deadlocks;
  }

  /** {@code <0x…> (a X)} at the end of a lock line. */
  static Optional<JavaObjectRef> objectOf(String line) {
    Matcher object = OBJECT.matcher(line);
    return object.find()
        ? Optional.of(new JavaObjectRef(object.group("id"), object.group("class")))
        : Optional.empty();
  }

  /** The lock event of one {@code - …} line under a frame. */
  static Optional<JavaLockEvent> lockEvent(String line) {
    if (line.startsWith(CLASS_INIT)) {
      return Optional.of(
          new JavaLockEvent(
              JavaLockEvent.Kind.WAITING_ON_CLASS_INIT,
              new JavaObjectRef(null, line.substring(CLASS_INIT.length()).strip())));
    }
    JavaLockEvent.Kind kind;
    if (line.startsWith("- locked ")) {
      kind = JavaLockEvent.Kind.LOCKED;
    } else if (line.startsWith("- waiting to lock ")) {
      kind = JavaLockEvent.Kind.WAITING_TO_LOCK;
    } else if (line.startsWith("- waiting to re-lock in wait() ")) {
      kind = JavaLockEvent.Kind.WAITING_TO_RELOCK;
    } else if (line.startsWith("- waiting on ")) {
      kind = JavaLockEvent.Kind.WAITING_ON;
    } else if (line.startsWith("- parking to wait for ")) {
      kind = JavaLockEvent.Kind.PARKING_FOR;
    } else if (line.startsWith("- eliminated ")) {
      kind = JavaLockEvent.Kind.ELIMINATED;
    } else {
      return Optional.empty();
    }
    Optional<JavaObjectRef> object = objectOf(line);
    if (object.isEmpty()) {
      // "- waiting on <no object reference available>": the kind without an object
      int paren = line.lastIndexOf("(a ");
      String className =
          paren < 0 ? "unknown" : line.substring(paren + 3, line.length() - 1).strip();
      return Optional.of(new JavaLockEvent(kind, new JavaObjectRef(null, className)));
    }
    return Optional.of(new JavaLockEvent(kind, object.get()));
  }

  /** A thread block being read. */
  private static final class ThreadBuilder {
    String name;
    long id = JavaThread.NO_ID;
    int nid;
    boolean daemon;
    boolean vmInternal;
    boolean virtual;
    String state;
    String detail;
    long carried = JavaThread.NO_ID;
    double cpuMillis = -1;
    long allocatedBytes = -1;
    final List<String> frameTexts = new ArrayList<>();
    final List<List<JavaLockEvent>> frameLocks = new ArrayList<>();
    final List<JavaObjectRef> ownable = new ArrayList<>();

    static ThreadBuilder of(Matcher header, String wholeLine) {
      ThreadBuilder thread = new ThreadBuilder();
      thread.name = header.group("name");
      thread.vmInternal = header.group("id") == null;
      if (header.group("id") != null) {
        thread.id = Long.parseLong(header.group("id"));
      }
      thread.daemon = header.group("daemon") != null;
      String whole = wholeLine.substring(header.end() - 1);
      Matcher nid = NID.matcher(whole);
      String os = header.group("os");
      if (nid.find()) {
        String value = nid.group(1);
        thread.nid =
            value.startsWith("0x")
                ? Integer.parseInt(value.substring(2), 16)
                : Integer.parseInt(value);
      } else if (os != null) {
        thread.nid = Integer.parseInt(os);
      }
      Matcher cpu = CPU.matcher(whole);
      if (cpu.find()) {
        thread.cpuMillis = Double.parseDouble(cpu.group(1));
      }
      Matcher allocated = ALLOCATED.matcher(whole);
      if (allocated.find()) {
        thread.allocatedBytes = bytes(Long.parseLong(allocated.group(1)), allocated.group(2));
      }
      return thread;
    }

    static ThreadBuilder mounted(long id, int carrierNid) {
      ThreadBuilder thread = new ThreadBuilder();
      thread.name = "";
      thread.id = id;
      thread.nid = carrierNid;
      thread.daemon = true;
      thread.virtual = true;
      return thread;
    }

    void frame(String text) {
      frameTexts.add(text);
      frameLocks.add(new ArrayList<>());
    }

    void lock(String line) {
      if (frameLocks.isEmpty()) {
        return;
      }
      lockEvent(line).ifPresent(frameLocks.get(frameLocks.size() - 1)::add);
    }

    JavaThread build() {
      List<JavaFrame> frames = new ArrayList<>();
      for (int k = 0; k < frameTexts.size(); k++) {
        FrameParser.parse(frameTexts.get(k), frameLocks.get(k)).ifPresent(frames::add);
      }
      return new JavaThread(
          name,
          id,
          nid,
          daemon,
          vmInternal,
          state,
          detail,
          virtual,
          carried,
          frames,
          ownable,
          null,
          cpuMillis,
          allocatedBytes);
    }

    /** {@code allocated=473K}: HotSpot prints B, K, M, G with a whole number. */
    private static long bytes(long value, String unit) {
      return switch (unit) {
        case "K" -> value << 10;
        case "M" -> value << 20;
        case "G" -> value << 30;
        case "T" -> value << 40;
        default -> value;
      };
    }
  }
}
