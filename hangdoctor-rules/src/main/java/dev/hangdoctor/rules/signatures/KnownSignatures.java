package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.rules.OwnConnections;
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
    return all(OwnConnections.NONE);
  }

  /**
   * Every known signature, none counting {@code own}, the connections hangdoctor itself made to the
   * target: a stopped process first, then the JVM signatures, then the Python and kernel ones.
   */
  public static List<Rule> all(OwnConnections own) {
    List<Rule> all = new ArrayList<>();
    all.add(new ProcessStopped());
    all.addAll(JvmSignatures.all());
    all.addAll(pythonAndKernel(own));
    return List.copyOf(all);
  }

  private static List<Rule> pythonAndKernel(OwnConnections own) {
    return List.of(
        new ExecutorShutdownBlocksLoop(),
        new LoopExitJoinsExecutor(),
        new CancelledThreadStillRunning(),
        new TaskAwaitsStuckWorker(),
        new TaskOrphanedWait(),
        new TaskLockDeadlock(),
        new TaskStuckStreamRead(),
        new LoopBlockedBySyncCall(),
        new PoolExhausted(),
        new TestFixtureStuck(),
        new LockDeadlock(),
        new SelfDeadlock(),
        new LockInheritedAcrossFork(),
        new ChildWaitsOnInheritedStdin(),
        new NeverEofPipe(),
        new ExitJoinsThreads(),
        new OrphanedWait(),
        new GilHeldNative(),
        new LongLockWait(),
        // a loop spinning without progress burns a CPU and is the defect even when what it polls
        // for is what another thread's silent read would deliver, so it ranks first of the two
        new CpuSpin(),
        new BlockingNetworkRead(),
        new StoppedConsuming(),
        new CloseWaitLeak(own));
  }

  /** The signatures that span a process and its children. */
  public static List<ProcessTreeRule> acrossProcesses() {
    return List.of(new PipeDeadlock(), new ReloadWaitsForOpenConnection(), new WaitsOnChild());
  }

  /** An engine with every known signature. */
  public static RuleEngine engine() {
    return engine(OwnConnections.NONE);
  }

  /** An engine with every known signature, none counting {@code own}. */
  public static RuleEngine engine(OwnConnections own) {
    return new RuleEngine(all(own), acrossProcesses());
  }
}
