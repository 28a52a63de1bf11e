package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pools of the accuracy corpus recorded live on CPython 3.13.0 (see the evidence README). */
class PoolExhaustedTest {
  private final PoolExhausted rule = new PoolExhausted();

  @Test
  void fortyAnyioWorkersBlockedInRequestsAreTheDefaultLimiterExhausted() {
    List<Finding> findings =
        rule.evaluate(Fixtures.load("corpus-fastapi-sync-routes-exhaust-threadpool"));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("pool-exhausted");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.threadName()).isEqualTo("AnyIO worker thread");
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("stock_level");
    assertThat(finding.evidence().get(0))
        .startsWith("the pool is exhausted: 40 of 40 workers of anyio's worker threads");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("40 blocked in SocketIO.readinto at"))
        .anySatisfy(line -> assertThat(line).contains("client connection(s) open on port"));
    assertThat(finding.explanation()).contains("/health").contains("event loop itself stays idle");
    assertThat(finding.fix())
        .contains("catalog_api.py:21 (stock_level)")
        .contains("requests.get(url, timeout=")
        .contains("CapacityLimiter");
  }

  @Test
  void anExecutorWhoseEveryThreadIsStuckIsExhaustedAndNamedByItsThreads() {
    Finding finding = rule.evaluate(Fixtures.load("corpus-tornado-executor-smtp-exhausted")).get(0);

    assertThat(finding.threadName()).isEqualTo("ThreadPoolExecutor-0_0");
    assertThat(finding.evidence().get(0))
        .contains(
            "4 of 4 workers of the ThreadPoolExecutor whose threads are named"
                + " ThreadPoolExecutor-0_N");
    assertThat(finding.fix()).contains("Mailer.send").contains("settimeout");
  }

  @Test
  void threadsQueueingForAUrllib3ConnectionAreAnExhaustedConnectionPool() {
    Finding finding =
        rule.evaluate(Fixtures.load("corpus-urllib3-pool-unreleased-responses")).get(0);

    assertThat(finding.kind()).isEqualTo("connection pool exhausted");
    assertThat(finding.threadName()).isEqualTo("checker-0");
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("LinkChecker.check_one");
    assertThat(finding.fix()).contains("release_conn").contains("pool_timeout=");
  }

  @Test
  void theExhaustedPoolLeadsTheDiagnosisAheadOfItsWorkersNetworkReads() {
    Diagnosis diagnosis =
        KnownSignatures.engine()
            .diagnose(Fixtures.load("corpus-fastapi-sync-routes-exhaust-threadpool"));

    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo("pool-exhausted");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "corpus-threadpool-thumbnails-saturated",
        "corpus-anyio-idle-config-server",
        "corpus-gevent-api-light-load",
        Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO,
        Fixtures.EXECUTOR_SHUTDOWN_FASTAPI,
        Fixtures.EXIT_POOL_WORKER,
        Fixtures.BUSY_WORKER,
        Fixtures.BLOCKING_RECV
      })
  void busyIdleOrShuttingDownPoolsAreNotExhausted(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
