package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.FinishedTask;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An asyncio task waiting, for the whole window, on an {@code Event}, a {@code Queue}, a {@code
 * Condition} or a future, while the task that would have fed it — found within the waiter's reach:
 * a local of its frames or an attribute of one (the object that owns the Event also owns the task)
 * — is already done, usually with an exception nobody retrieved. Nothing will ever wake the waiter.
 * The loop is idle; no thread stack shows either task.
 */
final class TaskOrphanedWait implements Rule {
  static final String ID = "orphaned-wait";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no asyncio task waits on an Event, Queue or future whose producer task is done";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<AsyncTasks> latest = TaskGraphs.of(inspection.latest());
    Optional<AsyncTasks> first = TaskGraphs.of(inspection.samples().get(0));
    if (latest.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (AsyncTask task : latest.get().tasks()) {
      TaskWait wait = task.waitsOn();
      if (wait == null
          || wait.finishedTasks().isEmpty()
          || !TaskGraphs.sameWaitEarlier(first, task)) {
        continue;
      }
      findings.add(finding(inspection, task, wait));
    }
    return findings;
  }

  private static Finding finding(Inspection inspection, AsyncTask task, TaskWait wait) {
    FinishedTask producer = wait.finishedTasks().get(0);
    List<PythonFrame> keyFrames = new ArrayList<>();
    for (int i = task.stack().size() - 1; i >= 0; i--) {
      TaskFrame frame = task.stack().get(i);
      if (!UserFrames.isLibrary(frame.frame().file())) {
        keyFrames.add(frame.frame());
      }
    }
    TaskFrame innermost = task.innermost();
    if (innermost != null && UserFrames.isLibrary(innermost.frame().file())) {
      keyFrames.add(innermost.frame());
    }
    if (producer.coroutine() != null) {
      keyFrames.add(producer.coroutine());
    }
    String what = waited(wait.kind());
    Optional<TaskFrame> awaitLine = userAwait(task);
    String threadName =
        Lookup.activity(inspection, task.nativeThreadId())
            .map(activity -> Lookup.threadName(inspection, activity))
            .orElse(null);
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "task \""
            + task.name()
            + "\" waits on "
            + wait.description()
            + awaitLine
                .map(f -> " at " + UserFrames.location(f.frame()) + "  " + nullToEmpty(f.source()))
                .orElse("")
            + ", the same wait in all "
            + Lookup.window(inspection));
    evidence.add(
        "task \""
            + producer.name()
            + "\""
            + (producer.coroutine() == null
                ? ""
                : " (" + producer.coroutine().qualifiedName() + ")")
            + " is done: "
            + producer.outcome()
            + (producer.exception() == null ? "" : " with " + producer.exception()));
    if (wait.waitersOfObject() > 1) {
      evidence.add(wait.waitersOfObject() + " waiters on the same " + what);
    }
    String producerName =
        producer.coroutine() == null
            ? "task \"" + producer.name() + "\""
            : producer.coroutine().qualifiedName() + " (task \"" + producer.name() + "\")";
    String explanation =
        "Task \""
            + task.name()
            + "\" waits for the "
            + what
            + " to be "
            + (what.equals("queue") ? "fed" : "set")
            + ", but "
            + producerName
            + ", which would have done it, has "
            + (producer.outcome().equals("failed")
                ? "died with " + producer.exception() + " that nobody retrieved"
                : producer.outcome().equals("cancelled") ? "been cancelled" : "already returned")
            + ". Nothing else will wake the waiter: the loop is idle and the "
            + "request never finishes.";
    String fix =
        "Make the waiter notice its producer's end: keep the task and await it together with the "
            + what
            + " (asyncio.wait({producer, waiter}, return_when=FIRST_COMPLETED)), or add a"
            + " done-callback on the producer that sets the "
            + what
            + (what.equals("queue") ? " (put a sentinel / shutdown the queue)" : "")
            + " or records its exception, and bound the wait with asyncio.timeout()."
            + (producer.coroutine() == null
                ? ""
                : " Handle the failure in "
                    + producer.coroutine().qualifiedName()
                    + " ("
                    + UserFrames.location(producer.coroutine())
                    + ").");
    return new Finding(
        ID,
        String.format(
            Locale.ROOT,
            "asyncio %s nobody will %s: its producer task is %s",
            what,
            what.equals("queue") ? "feed" : "set",
            producer.outcome()),
        producer.outcome().equals("finished") ? Confidence.LOW : Confidence.HIGH,
        task.nativeThreadId(),
        threadName,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Optional<TaskFrame> userAwait(AsyncTask task) {
    for (int i = task.stack().size() - 1; i >= 0; i--) {
      if (!UserFrames.isLibrary(task.stack().get(i).frame().file())) {
        return Optional.of(task.stack().get(i));
      }
    }
    return Optional.empty();
  }

  private static String waited(TaskWait.Kind kind) {
    return switch (kind) {
      case EVENT -> "event";
      case QUEUE_GET, QUEUE_PUT -> "queue";
      case CONDITION -> "condition";
      default -> "future";
    };
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
