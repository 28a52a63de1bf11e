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

  static JvmSource source(ProcFs procFs) {
    JvmStackReader reader = new JvmStackReader(procFs, AttachClient.system());
    return pid ->
        reader.open(pid).<JvmSource.Sampler>map(Session::new).orElse(JvmSource.Sampler.NOT_A_JVM);
  }

  private record Session(JvmSession jvm) implements JvmSource.Sampler {
    @Override
    public JvmStacks sample() throws InterruptedException {
      return jvm.sample();
    }

    @Override
    public void close() {
      jvm.close();
    }
  }
}
