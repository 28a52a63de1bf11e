package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.JvmSource;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.jvm.JvmSession;
import dev.hangdoctor.jvm.JvmStackReader;
import dev.hangdoctor.jvm.attach.AttachClient;
import dev.hangdoctor.linux.fs.ProcFs;

/** The Java side of a real run: threads asked from live JVMs over their attach socket. */
final class LiveJvm {
  private LiveJvm() {}

  /** The source of a diagnosis window: the threads each sample, the VM's version and flags once. */
  static JvmSource source(ProcFs procFs) {
    return source(procFs, true);
  }

  /** As {@link #source(ProcFs)}; {@code askVmInfo} false asks the threads only ({@code dump}). */
  static JvmSource source(ProcFs procFs, boolean askVmInfo) {
    JvmStackReader reader = new JvmStackReader(procFs, AttachClient.system());
    return pid ->
        reader
            .open(pid, askVmInfo)
            .<JvmSource.Sampler>map(Session::new)
            .orElse(JvmSource.Sampler.NOT_A_JVM);
  }

  private record Session(JvmSession jvm) implements JvmSource.Sampler {
    @Override
    public JvmStacks sample() throws InterruptedException {
      return jvm.sample();
    }

    @Override
    public boolean isJvm() {
      return true;
    }

    @Override
    public void close() {
      jvm.close();
    }
  }
}
