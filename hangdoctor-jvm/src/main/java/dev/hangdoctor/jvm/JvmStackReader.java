package dev.hangdoctor.jvm;

import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.jvm.attach.AttachClient;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.util.Optional;

/**
 * The Java side of live processes, asked over HotSpot's attach socket with no JDK tool on the
 * machine. {@link #open} tells a JVM from any other process (it maps {@code libjvm.so}) and starts
 * a {@link JvmSession} for one window of samples.
 */
public final class JvmStackReader {
  private final ProcFs procFs;
  private final AttachClient client;

  public JvmStackReader(ProcFs procFs, AttachClient client) {
    this.procFs = procFs;
    this.client = client;
  }

  /** The reader of a real run: {@code /proc}, the default attach deadlines. */
  public static JvmStackReader system() {
    return new JvmStackReader(ProcFs.system(), AttachClient.system());
  }

  /**
   * A session over {@code pid}'s JVM that also asks {@code VM.version} and {@code VM.flags}, or
   * empty when it is no JVM (or is gone, or its memory map cannot be read).
   */
  public Optional<JvmSession> open(int pid) {
    return open(pid, true);
  }

  /** As {@link #open(int)}; {@code askVmInfo} false leaves out the version and flags requests. */
  public Optional<JvmSession> open(int pid, boolean askVmInfo) {
    try {
      return JvmDetector.isJvm(procFs, pid)
          ? Optional.of(new JvmSession(pid, procFs, client, askVmInfo))
          : Optional.empty();
    } catch (ProcReadException e) {
      return Optional.empty();
    }
  }

  /** One read of {@code pid}'s Java threads, or {@code null} when it is no JVM. */
  public JvmStacks readOnce(int pid) throws InterruptedException {
    Optional<JvmSession> session = open(pid);
    if (session.isEmpty()) {
      return null;
    }
    try (JvmSession jvm = session.get()) {
      return jvm.sample();
    }
  }
}
