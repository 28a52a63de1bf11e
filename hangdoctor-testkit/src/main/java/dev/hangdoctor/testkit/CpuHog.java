package dev.hangdoctor.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A busy loop pinned to one CPU with {@code taskset}, and targets pinned beside it: the way to put
 * a target on a loaded machine on purpose, where it gets about half a CPU whatever else runs. The
 * hog is a {@link Target} like any other, so it is killed when closed and the leak check covers it.
 */
public final class CpuHog {
  private CpuHog() {}

  /** The last CPU of this machine, where the hog and its neighbours go. */
  public static int lastCore() {
    return Runtime.getRuntime().availableProcessors() - 1;
  }

  /** Starts the hog on {@code core}; skipped (failed under CI) without {@code taskset}. */
  public static Target start(int core) {
    return Target.start(
        pinned(core, TargetSpec.command(List.of("sh", "-c", "echo READY; while :; do :; done"))));
  }

  /** {@code spec} run under {@code taskset -c core}, which execs it: the pid stays the target's. */
  public static TargetSpec pinned(int core, TargetSpec spec) {
    String taskset = Tool.TASKSET.require(Tool.onPath("taskset")).toString();
    List<String> command = new ArrayList<>(List.of(taskset, "-c", Integer.toString(core)));
    command.addAll(spec.resolveCommand());
    TargetSpec pinned = TargetSpec.command(command).withReadyTimeout(spec.readyTimeout());
    for (var env : spec.env().entrySet()) {
      pinned = pinned.withEnv(env.getKey(), env.getValue());
    }
    return pinned;
  }
}
