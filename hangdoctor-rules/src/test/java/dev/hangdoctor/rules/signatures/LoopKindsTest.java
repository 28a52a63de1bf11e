package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loops of every library, held by a synchronous call, from the accuracy corpus's programs recorded
 * live on CPython 3.13.0 (see the evidence README); and idle servers of the same libraries.
 */
class LoopKindsTest {
  private final LoopBlockedBySyncCall rule = new LoopBlockedBySyncCall();

  @ParameterizedTest
  @CsvSource({
    "corpus-gevent-flock-blocks-hub, gevent hub thread, ExportFile.append, gevent.get_hub().threadpool",
    "corpus-trio-license-check-sync-socket, trio event loop, LicenseClient.checkout, trio.to_thread.run_sync",
    "corpus-tornado-handler-urlopen-upstream, tornado event loop, AssetStore.fetch, AsyncHTTPClient",
    "corpus-twisted-callback-sqlite-locked, twisted event loop, ReadingStore.store, task.deferLater",
    "corpus-anyio-trio-webhook-requests, anyio on trio event loop, ChatWebhook.post, anyio.to_thread.run_sync",
    "corpus-uvloop-feed-rate-limit-sleep, uvloop event loop, FeedPoller._respect_rate_limit, asyncio.sleep"
  })
  void eachLibrarysLoopHeldByASyncCallIsNamedWithThatLibrarysFix(
      String recording, String loop, String userFrame, String fix) {
    List<Finding> findings = rule.evaluate(Fixtures.load(recording));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.threadName()).isEqualTo("MainThread");
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo(userFrame);
    assertThat(finding.evidence().get(0)).startsWith(loop).contains("not in its poll");
    assertThat(finding.fix()).contains(fix);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "corpus-trio-idle-chat-server",
        "corpus-gevent-api-light-load",
        "corpus-anyio-idle-config-server",
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.HEALTHY_FASTAPI
      })
  void idleServersOfEveryLoopAreNotBlocked(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"corpus-gevent-flock-blocks-hub"})
  void aGreenletShowsOnlyItsOwnFramesAndIsStillTheHubs(String recording) {
    Finding finding = rule.evaluate(Fixtures.load(recording)).get(0);

    assertThat(finding.explanation()).contains("greenlet").contains("gevent hub's thread");
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::file)
        .allSatisfy(file -> assertThat(file).endsWith("upload_server.py"));
  }
}
