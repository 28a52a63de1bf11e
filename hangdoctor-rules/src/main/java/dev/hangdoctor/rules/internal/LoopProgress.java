package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a busy Python thread's loop made progress over a window, from the local variables read
 * with its stack (never pausing it). Only the frames that lived through every read are compared:
 * the outermost frames running the same function in every stack read. A loop that progresses binds
 * new objects to its variables (the next item, a new counter, a new result); a loop that polls a
 * condition or retries the same call with the same arguments keeps every variable on the same
 * object. A slot is judged only when it was bound in every read, so a variable bound for a moment
 * (an {@code except ... as e}) does not count as progress.
 */
public final class LoopProgress {
  /** What the locals say. */
  public enum Verdict {
    /** A variable of a frame that lived through the window took another value. */
    MOVED,
    /** Locals were read, and none of the long-lived frames' variables changed. */
    STILL,
    /** Too few reads carried locals to tell. */
    UNKNOWN
  }

  private LoopProgress() {}

  /** The verdict on {@code stacks}, each innermost first, in any order. */
  public static Verdict of(List<List<PythonFrame>> stacks) {
    List<List<PythonFrame>> read = new ArrayList<>();
    for (List<PythonFrame> stack : stacks) {
      if (stack.stream().anyMatch(f -> !f.locals().isEmpty())) {
        read.add(stack);
      }
    }
    if (read.size() < 2) {
      return Verdict.UNKNOWN;
    }
    int lived = livedThrough(read);
    boolean judged = false;
    for (int depth = 0; depth < lived; depth++) {
      List<List<Long>> values = new ArrayList<>();
      for (List<PythonFrame> stack : read) {
        List<Long> locals = stack.get(stack.size() - 1 - depth).locals();
        if (!locals.isEmpty()) {
          values.add(locals);
        }
      }
      if (values.size() < 2) {
        continue;
      }
      judged = true;
      if (anySlotMoved(values)) {
        return Verdict.MOVED;
      }
    }
    return judged ? Verdict.STILL : Verdict.UNKNOWN;
  }

  /** Fewest reads among which dissenting reads are left out. */
  static final int MIN_READS_TO_OUTVOTE = 4;

  /**
   * The reads that agree with at least three in four of {@code stacks} on the frames from the
   * outermost in: depth by depth, as long as the callers all stand on one line and that many reads
   * run the same function below them, the others (which run another function there) are left out. A
   * caller on different lines in different reads (a loop calling one function after another), or a
   * read that ends above the depth, ends the agreement: the frames below did not live through the
   * window, and a read that differs there is evidence, not a tear. A read of a running thread can
   * tear without the reader noticing (it follows a frame that was popped and reused while it read),
   * and one such read among ten cut the frames that lived through the window down to {@code main}
   * and {@code <module>}, whose variables never change: a busy order scorer looked like a loop
   * retrying one call. With fewer than {@value #MIN_READS_TO_OUTVOTE} reads, every read counts.
   */
  public static List<List<PythonFrame>> agreeing(List<List<PythonFrame>> stacks) {
    if (stacks.size() < MIN_READS_TO_OUTVOTE) {
      return stacks;
    }
    int enough = stacks.size() - stacks.size() / 4;
    List<List<PythonFrame>> kept = stacks;
    for (int depth = 0; ; depth++) {
      if (depth > 0 && !oneLine(kept, depth - 1)) {
        return kept; // the caller loops: its callees come and go, and differ by right
      }
      Map<List<String>, List<List<PythonFrame>>> byFunction = new LinkedHashMap<>();
      for (List<PythonFrame> stack : kept) {
        if (stack.size() <= depth) {
          return kept; // caught in a caller: the frame below did not live through the window
        }
        PythonFrame frame = stack.get(stack.size() - 1 - depth);
        byFunction
            .computeIfAbsent(
                Arrays.asList(frame.file(), frame.qualifiedName()), k -> new ArrayList<>())
            .add(stack);
      }
      List<List<PythonFrame>> most =
          byFunction.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
      if (most.size() < enough) {
        return kept;
      }
      kept = most;
    }
  }

  /** Whether every stack's frame at {@code depth} from the outermost is on the same line. */
  private static boolean oneLine(List<List<PythonFrame>> stacks, int depth) {
    int line = stacks.get(0).get(stacks.get(0).size() - 1 - depth).line();
    return stacks.stream().allMatch(stack -> stack.get(stack.size() - 1 - depth).line() == line);
  }

  /** How many outermost frames run the same function in every stack. */
  public static int livedThrough(List<List<PythonFrame>> stacks) {
    int shortest = stacks.stream().mapToInt(List::size).min().orElse(0);
    int depth = 0;
    while (depth < shortest) {
      PythonFrame first = stacks.get(0).get(stacks.get(0).size() - 1 - depth);
      for (List<PythonFrame> stack : stacks) {
        PythonFrame other = stack.get(stack.size() - 1 - depth);
        if (!Objects.equals(first.file(), other.file())
            || !Objects.equals(first.qualifiedName(), other.qualifiedName())) {
          return depth;
        }
      }
      depth++;
    }
    return depth;
  }

  private static boolean anySlotMoved(List<List<Long>> values) {
    int slots = values.stream().mapToInt(List::size).min().orElse(0);
    for (int slot = 0; slot < slots; slot++) {
      Set<Long> seen = new HashSet<>();
      boolean alwaysBound = true;
      for (List<Long> locals : values) {
        long value = locals.get(slot);
        alwaysBound &= value != 0;
        seen.add(value);
      }
      if (alwaysBound && seen.size() > 1) {
        return true;
      }
    }
    return false;
  }
}
