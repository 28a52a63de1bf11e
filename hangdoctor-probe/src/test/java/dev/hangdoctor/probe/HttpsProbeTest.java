package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against a real TLS server with a self-signed certificate made by the JDK's keytool: the
 * default trust rejects it in the TLS phase, {@code --insecure} gets through and times the
 * handshake.
 */
class HttpsProbeTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void selfSignedIsATlsFailureUnlessInsecure() throws Exception {
    SSLContext context = serverContext(selfSignedKeyStore());
    try (SSLServerSocket server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serve(server), "tls-test-server");
      serving.setDaemon(true);
      serving.start();
      URI url = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/health");

      ProbeResult strict = new HttpProbe(settings(false)).probe(url);
      ProbeResult insecure = new HttpProbe(settings(true)).probe(url);

      assertThat(strict.outcome()).isEqualTo(ProbeOutcome.TLS);
      assertThat(strict.failedIn()).contains(Phase.TLS);
      assertThat(insecure.outcome()).as(insecure.detail()).isEqualTo(ProbeOutcome.OK);
      assertThat(insecure.status()).isEqualTo(200);
      assertThat(insecure.timings().end(Phase.TLS)).isPresent();
      assertThat(ProbeLines.timings(insecure)).contains("tls ");
    }
  }

  private static ProbeSettings settings(boolean insecure) {
    // Limits no loaded machine reaches (a JVM's first TLS handshake is slow): the class depends
    // on the certificate, never on how fast this host is.
    return new ProbeSettings(
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60), insecure, 1024);
  }

  private static void serve(SSLServerSocket server) {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        InputStream in = client.getInputStream();
        int matched = 0;
        while (matched < 4) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        client.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
        client.getOutputStream().flush();
      } catch (Exception e) {
        // a rejected handshake, or the server closing
      }
    }
  }

  private Path selfSignedKeyStore() throws Exception {
    Path store = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "san=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue())
          .as(new String(process.getInputStream().readAllBytes()))
          .isZero();
    } finally {
      process.destroyForcibly();
    }
    return store;
  }

  private static SSLContext serverContext(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }
}
