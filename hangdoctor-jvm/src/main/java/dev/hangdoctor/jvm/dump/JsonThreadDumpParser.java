package dev.hangdoctor.jvm.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaObjectRef;
import dev.hangdoctor.evidence.JavaThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the JSON thread dump of {@code Thread.dump_to_file -format=json} (JDK 21+): every thread
 * of every thread container, virtual threads included (the only view of those not mounted).
 * Identities are {@code Class@hash} strings, which do not match {@code Thread.print}'s addresses;
 * stacks lack hidden frames. JDK 25 adds state, parkBlocker, blockedOn, waitingOn and monitorsOwned
 * (turned into lock events on the frames they belong to); a 21 dump has names and stacks only. The
 * Java thread id stands in for the Linux thread, which the JSON does not give: {@code
 * nativeThreadId} is {@link JavaThread#NOT_MOUNTED} and a mounted virtual thread names its
 * carrier's Java thread id in {@code carriedVirtualId}'s place ({@link JsonThread#carrierId()}). A
 * pure function.
 */
public final class JsonThreadDumpParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonThreadDumpParser() {}

  /** A thread of the JSON dump and the Java thread id of its carrier when it is mounted. */
  public record JsonThread(JavaThread thread, long carrierId, String container) {}

  /**
   * @throws IllegalArgumentException when the text is not a JSON thread dump
   */
  public static List<JsonThread> parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON thread dump: " + e.getOriginalMessage(), e);
    }
    JsonNode containers = root.path("threadDump").path("threadContainers");
    if (!containers.isArray()) {
      throw new IllegalArgumentException("not a JSON thread dump: no threadDump.threadContainers");
    }
    List<JsonThread> parsed = new ArrayList<>();
    Map<String, List<JavaObjectRef>> ownedByTid = new HashMap<>();
    for (JsonNode container : containers) {
      String containerName = container.path("container").asText(null);
      for (JsonNode node : container.path("threads")) {
        JsonNode blocker = node.path("parkBlocker");
        if (blocker.has("owner")) {
          ownedByTid
              .computeIfAbsent(blocker.path("owner").asText(), k -> new ArrayList<>())
              .add(object(blocker.path("object").asText()));
        }
        parsed.add(thread(node, containerName));
      }
    }
    List<JsonThread> withOwned = new ArrayList<>(parsed.size());
    for (JsonThread entry : parsed) {
      List<JavaObjectRef> owned = ownedByTid.get(Long.toString(entry.thread().javaId()));
      withOwned.add(
          owned == null
              ? entry
              : new JsonThread(
                  withOwned(entry.thread(), owned), entry.carrierId(), entry.container()));
    }
    List<JavaThread> resolved =
        LockOwners.resolve(withOwned.stream().map(JsonThread::thread).toList());
    List<JsonThread> result = new ArrayList<>(resolved.size());
    for (int i = 0; i < resolved.size(); i++) {
      result.add(
          new JsonThread(
              resolved.get(i), withOwned.get(i).carrierId(), withOwned.get(i).container()));
    }
    return result;
  }

  private static JsonThread thread(JsonNode node, String container) {
    List<String> stack = new ArrayList<>();
    node.path("stack").forEach(element -> stack.add(element.asText()));
    List<List<JavaLockEvent>> locks = new ArrayList<>();
    for (int i = 0; i < stack.size(); i++) {
      locks.add(new ArrayList<>());
    }
    if (!stack.isEmpty()) {
      text(node, "blockedOn")
          .ifPresent(id -> locks.get(0).add(event(JavaLockEvent.Kind.WAITING_TO_LOCK, id)));
      text(node, "waitingOn")
          .ifPresent(id -> locks.get(0).add(event(JavaLockEvent.Kind.WAITING_ON, id)));
      JsonNode blocker = node.path("parkBlocker").path("object");
      if (blocker.isTextual()) {
        locks.get(0).add(event(JavaLockEvent.Kind.PARKING_FOR, blocker.asText()));
      }
    }
    for (JsonNode owned : node.path("monitorsOwned")) {
      int depth = owned.path("depth").asInt(-1);
      if (depth >= 0 && depth < locks.size()) {
        for (JsonNode lock : owned.path("locks")) {
          locks.get(depth).add(event(JavaLockEvent.Kind.LOCKED, lock.asText()));
        }
      }
    }
    List<JavaFrame> frames = new ArrayList<>();
    for (int i = 0; i < stack.size(); i++) {
      FrameParser.parse(stack.get(i), locks.get(i)).ifPresent(frames::add);
    }
    long tid = parseLong(node.path("tid").asText(), JavaThread.NO_ID);
    boolean virtual = node.path("virtual").asBoolean(false);
    long carrier = parseLong(node.path("carrier").asText(""), JavaThread.NO_ID);
    JavaThread thread =
        new JavaThread(
            node.path("name").asText(""),
            tid,
            JavaThread.NOT_MOUNTED,
            virtual,
            false,
            text(node, "state").orElse(null),
            null,
            virtual,
            JavaThread.NO_ID,
            frames,
            List.of(),
            null,
            -1,
            -1);
    return new JsonThread(thread, carrier, container);
  }

  private static JavaThread withOwned(JavaThread thread, List<JavaObjectRef> owned) {
    List<JavaObjectRef> all = new ArrayList<>(thread.ownedSynchronizers());
    all.addAll(owned);
    return new JavaThread(
        thread.name(),
        thread.javaId(),
        thread.nativeThreadId(),
        thread.daemon(),
        thread.vmInternal(),
        thread.state(),
        thread.stateDetail(),
        thread.virtual(),
        thread.carriedVirtualId(),
        thread.frames(),
        all,
        thread.waitingFor(),
        thread.cpuMillis(),
        thread.allocatedBytes());
  }

  private static JavaLockEvent event(JavaLockEvent.Kind kind, String identity) {
    return new JavaLockEvent(kind, object(identity));
  }

  /** {@code java.lang.Object@3d95f037}: the class before the {@code @}. */
  private static JavaObjectRef object(String identity) {
    int at = identity.lastIndexOf('@');
    return new JavaObjectRef(identity, at < 0 ? identity : identity.substring(0, at));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isEmpty()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static long parseLong(String text, long fallback) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
