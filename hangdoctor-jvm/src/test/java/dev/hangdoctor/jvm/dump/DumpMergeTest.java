package dev.hangdoctor.jvm.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.JavaThread;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thread.print and the JSON dump of the same pinned pricing server on JDK 25. */
class DumpMergeTest {
  @Test
  void virtualThreadsGetTheirNamesAndUnmountedOnesAreAdded() {
    ThreadPrint printed = Dumps.print(25, "pinned-in-class-init");
    List<JavaThread> merged =
        DumpMerge.merge(
            printed.threads(), JsonThreadDumpParser.parse(Dumps.json("pinned-in-class-init")));
    JavaThread carrier = Dumps.thread(printed, "ForkJoinPool-1-worker-1");

    JavaThread first =
        merged.stream().filter(t -> t.name().equals("request-1")).findFirst().orElseThrow();
    assertThat(first.virtual()).isTrue();
    assertThat(first.nativeThreadId()).isEqualTo(carrier.nativeThreadId());
    assertThat(first.frames())
        .extracting(f -> f.qualifiedMethod())
        .contains("com.example.pricing.TaxRules.<clinit>");
    JavaThread queued =
        merged.stream().filter(t -> t.name().equals("request-5")).findFirst().orElseThrow();
    assertThat(queued.nativeThreadId()).isEqualTo(JavaThread.NOT_MOUNTED);
    assertThat(merged)
        .filteredOn(JavaThread::virtual)
        .extracting(JavaThread::name)
        .doesNotContain("")
        .contains("request-2", "heartbeat", "SubPoller-1");
    assertThat(merged)
        .filteredOn(t -> !t.virtual())
        .extracting(JavaThread::name)
        .contains("ForkJoinPool-1-worker-1", "MasterPoller", "main");
  }
}
