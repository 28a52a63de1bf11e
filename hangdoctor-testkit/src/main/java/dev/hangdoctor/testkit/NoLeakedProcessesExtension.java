package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.Poll;
import dev.hangdoctor.testkit.internal.ProcessKey;
import dev.hangdoctor.testkit.internal.ProcessKiller;
import dev.hangdoctor.testkit.internal.Procs;
import dev.hangdoctor.testkit.internal.RunMarker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test that leaves a process behind, and kills what it left. A process counts as left
 * behind when it is alive after the test (or test class, for processes started in
 * {@code @BeforeAll}) and was not alive before it, and it is either a descendant of the test JVM or
 * carries this JVM's testkit run marker in its environment (which catches daemons that escaped the
 * process tree). Processes already exiting get a short grace before they count.
 *
 * <p>Registered for every test that has the testkit on its classpath, through the service file and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in the testkit's {@code
 * junit-platform.properties}. It assumes tests in one JVM do not run concurrently.
 */
public final class NoLeakedProcessesExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoLeakedProcessesExtension.class);
  private static final String BEFORE = "processes-before";
  private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

  @Override
  public void beforeAll(ExtensionContext context) {
    remember(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context, "test class " + context.getDisplayName());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    remember(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context, "test " + context.getDisplayName());
  }

  private static void remember(ExtensionContext context) {
    context.getStore(NAMESPACE).put(BEFORE, candidates());
  }

  private static void check(ExtensionContext context, String what) {
    @SuppressWarnings("unchecked")
    Set<ProcessKey> before = context.getStore(NAMESPACE).remove(BEFORE, Set.class);
    Set<ProcessKey> leaked = candidates();
    if (before != null) {
      leaked.removeAll(before);
    }
    if (leaked.isEmpty() || exitWithinGrace(leaked)) {
      return;
    }
    leaked.removeIf(Procs::gone);
    String names = describe(leaked);
    Set<ProcessKey> survivors =
        ProcessKiller.kill(
            () -> {
              Set<ProcessKey> victims = new HashSet<>();
              for (ProcessKey key : leaked) {
                if (!Procs.gone(key)) {
                  victims.add(key);
                  ProcessHandle.of(key.pid()).ifPresent(h -> victims.addAll(Procs.descendants(h)));
                }
              }
              return victims;
            });
    throw new AssertionError(
        what
            + " left "
            + leaked.size()
            + " process(es) running: "
            + names
            + (survivors.isEmpty()
                ? "; they were killed now"
                : "; these survived SIGKILL: " + describe(survivors)));
  }

  private static Set<ProcessKey> candidates() {
    Set<ProcessKey> found = Procs.descendants(ProcessHandle.current());
    found.addAll(RunMarker.runProcesses());
    return found;
  }

  private static boolean exitWithinGrace(Set<ProcessKey> leaked) {
    try {
      return Poll.until(EXIT_GRACE, () -> leaked.stream().allMatch(Procs::gone));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String describe(Set<ProcessKey> processes) {
    return processes.stream()
        .map(key -> "pid " + key.pid() + " [" + Procs.cmdline(key.pid()) + "]")
        .collect(Collectors.toCollection(TreeSet::new))
        .toString();
  }
}
