package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.rules.ProcessTreeRule;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.jvm.JvmSignatures;
import java.util.ArrayList;
import java.util.List;

/** Every known hang signature, in the order findings of equal confidence are ranked. */
public final class KnownSignatures {
  private KnownSignatures() {}

  public static List<Rule> all() {
    List<Rule> all = new ArrayList<>(JvmSignatures.all());
    all.addAll(pythonAndKernel());
    return List.copyOf(all);
  }

  private static List<Rule> pythonAndKernel() {
    return List.of(
        new ExecutorShutdownBlocksLoop(),
        new LoopBlockedBySyncCall(),
        new TestFixtureStuck(),
        new ExitJoinsThreads(),
        new GilHeldNative(),
        new LockDeadlock(),
        new BlockingNetworkRead(),
        new CpuSpin(),
        new StoppedConsuming(),
        new LongLockWait(),
        new CloseWaitLeak());
  }

  /** The signatures that span a process and its children. */
  public static List<ProcessTreeRule> acrossProcesses() {
    return List.of(new PipeDeadlock(), new WaitsOnChild());
  }

  /** An engine with every known signature. */
  public static RuleEngine engine() {
    return new RuleEngine(all(), acrossProcesses());
  }
}
