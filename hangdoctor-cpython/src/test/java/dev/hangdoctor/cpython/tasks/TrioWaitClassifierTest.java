package dev.hangdoctor.cpython.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskWait.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which trio frame names which wait: the table of trio 0.35's function names. */
class TrioWaitClassifierTest {
  private static final String SITE = "/usr/lib/python3.12/site-packages/";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "trio/_timeouts.py, sleep_until, SLEEP",
    "trio/_timeouts.py, sleep_forever, SLEEP",
    "trio/_sync.py, Event.wait, EVENT",
    "trio/_sync.py, _LockImpl.acquire, LOCK",
    "trio/_sync.py, Semaphore.acquire, SEMAPHORE",
    "trio/_sync.py, CapacityLimiter.acquire_on_behalf_of, LIMITER",
    "trio/_sync.py, Condition.wait, CONDITION",
    "trio/_channel.py, MemoryReceiveChannel.receive, QUEUE_GET",
    "trio/_channel.py, MemorySendChannel.send, QUEUE_PUT",
    "trio/_threads.py, to_thread_run_sync, EXECUTOR_JOB",
    "trio/_core/_io_epoll.py, EpollIOManager._epoll_wait, STREAM_READ",
    "trio/_core/_run.py, Nursery._nested_child_finished, TASK_GROUP"
  })
  void eachTrioWaitFrameNamesItsKind(String file, String qualifiedName, Kind kind) {
    assertThat(TrioWaitClassifier.kindOf(frame(SITE + file, qualifiedName))).isEqualTo(kind);
  }

  @Test
  void userFramesAndLookAlikesElsewhereNameNoWait() {
    assertThat(TrioWaitClassifier.kindOf(frame("/srv/app/_sync.py", "Event.wait"))).isNull();
    assertThat(TrioWaitClassifier.kindOf(frame(SITE + "asyncio/locks.py", "Event.wait"))).isNull();
    assertThat(TrioWaitClassifier.kindOf(frame(SITE + "trio/_sync.py", "Event.set"))).isNull();
    assertThat(TrioWaitClassifier.kindOf(frame(SITE + "trio/_timeouts.py", "sleep"))).isNull();
  }

  private static PythonFrame frame(String file, String qualifiedName) {
    String function = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    return new PythonFrame(function, qualifiedName, file, 10, PythonFrame.Owner.GENERATOR);
  }
}
