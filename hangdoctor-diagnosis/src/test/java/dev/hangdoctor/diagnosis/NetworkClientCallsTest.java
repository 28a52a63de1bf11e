package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.PythonFrame;
import org.junit.jupiter.api.Test;

class NetworkClientCallsTest {
  @Test
  void httpClientPackagesAndStandardModulesAreClientCode() {
    assertThat(client("get", "/venv/lib/python3.12/site-packages/requests/api.py")).isTrue();
    assertThat(client("urlopen", "/usr/lib/python3/dist-packages/urllib3/poolmanager.py")).isTrue();
    assertThat(client("_request", "/venv/lib/python3.14/site-packages/aiohttp/client.py")).isTrue();
    assertThat(client("getresponse", "/usr/local/lib/python3.14/http/client.py")).isTrue();
    assertThat(client("urlopen", "/root/.pyenv/versions/3.12.1/lib/python3.12/urllib/request.py"))
        .isTrue();
    assertThat(client("create_connection", "/usr/lib/python3.11/socket.py")).isTrue();
  }

  @Test
  void serversSleepsAndTheUsersOwnCodeAreNot() {
    assertThat(client("accept", "/usr/lib/python3.11/socket.py")).isFalse();
    assertThat(client("serve_forever", "/usr/lib/python3.11/socketserver.py")).isFalse();
    assertThat(client("handle", "/usr/lib/python3.11/http/server.py")).isFalse();
    assertThat(client("run", "/venv/lib/python3.12/site-packages/uvicorn/server.py")).isFalse();
    assertThat(client("probe", "/srv/app/requests/checker.py")).isFalse();
  }

  private static boolean client(String function, String file) {
    return NetworkClientCalls.isClientFrame(
        new PythonFrame(
            function, function, file, 1, PythonFrame.Owner.THREAD, 1, -1, -1, null, false));
  }
}
