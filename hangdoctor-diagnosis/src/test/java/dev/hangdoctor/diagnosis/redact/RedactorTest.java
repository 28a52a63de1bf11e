package dev.hangdoctor.diagnosis.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private static final Redactor R = Redactor.DEFAULT;

  @Test
  void optionValuesWithASecretNameAreRedactedInBothForms() {
    assertThat(
            R.argv(
                List.of(
                    "python3",
                    "app.py",
                    "--password=hunter2",
                    "--api-key",
                    "abc123",
                    "--db-pass",
                    "pw",
                    "--port",
                    "8000",
                    "-Dhttp.proxyPassword=x")))
        .containsExactly(
            "python3",
            "app.py",
            "--password=<redacted>",
            "--api-key",
            "<redacted>",
            "--db-pass",
            "<redacted>",
            "--port",
            "8000",
            "-Dhttp.proxyPassword=<redacted>");
  }

  @Test
  void aBooleanOrNoneIsNoSecretWhateverItsName() {
    assertThat(
            R.text(
                "Use Popen's own parameters instead (start_new_session=True, close_fds=True)"
                    + " and pass --keep-session=false, auth_token=None; token=abc123"))
        .isEqualTo(
            "Use Popen's own parameters instead (start_new_session=True, close_fds=True)"
                + " and pass --keep-session=false, auth_token=None; token=<redacted>");
    // a command line is the target's own: any value of a secret option goes, even "false"
    assertThat(R.argv(List.of("app", "--session=True", "--password=false")))
        .containsExactly("app", "--session=<redacted>", "--password=<redacted>");
  }

  @Test
  void aSecretNamedFlagFollowedByAnotherOptionTakesNothingWithIt() {
    assertThat(R.argv(List.of("docker", "login", "--password-stdin", "-u", "me")))
        .containsExactly("docker", "login", "--password-stdin", "-u", "me");
    assertThat(R.argv(List.of("tool", "--token", "--verbose")))
        .containsExactly("tool", "--token", "--verbose");
  }

  @Test
  void environmentEntriesWithASecretNameAreRedacted() {
    assertThat(
            R.argv(
                List.of(
                    "env",
                    "GITHUB_TOKEN=ghp_abc",
                    "AWS_SECRET_ACCESS_KEY=xyz",
                    "PGPASSWORD=pg",
                    "MYSQL_PWD=my",
                    "SESSION_ID=s1",
                    "HOME=/root",
                    "pytest")))
        .containsExactly(
            "env",
            "GITHUB_TOKEN=<redacted>",
            "AWS_SECRET_ACCESS_KEY=<redacted>",
            "PGPASSWORD=<redacted>",
            "MYSQL_PWD=<redacted>",
            "SESSION_ID=<redacted>",
            "HOME=/root",
            "pytest");
  }

  @Test
  void shortOptionsAreKeptExceptTheKnownPasswordOptionsOfKnownPrograms() {
    assertThat(R.argv(List.of("ssh", "-p", "2222", "host")))
        .containsExactly("ssh", "-p", "2222", "host");
    assertThat(R.argv(List.of("/usr/bin/mysql", "-phunter2", "-p", "db")))
        .containsExactly("/usr/bin/mysql", "-p<redacted>", "-p", "db");
    assertThat(R.argv(List.of("redis-cli", "-a", "s3cret", "ping")))
        .containsExactly("redis-cli", "-a", "<redacted>", "ping");
    assertThat(R.argv(List.of("sshpass", "-p", "pw", "ssh", "host")))
        .containsExactly("sshpass", "-p", "<redacted>", "ssh", "host");
    assertThat(R.argv(List.of("curl", "-u", "bob:pw", "--user=al:pw2", "-ueve:pw3", "x")))
        .containsExactly(
            "curl", "-u", "bob:<redacted>", "--user=al:<redacted>", "-ueve:<redacted>", "x");
  }

  @Test
  void urlUserInfoLosesItsPasswordOrItsTokenUser() {
    assertThat(R.text("postgres://admin:s3cr3t@db:5432/app"))
        .isEqualTo("postgres://admin:<redacted>@db:5432/app");
    assertThat(R.text("https://ghp_token123@github.com/org/repo.git"))
        .isEqualTo("https://<redacted>@github.com/org/repo.git");
    assertThat(R.text("http://127.0.0.1:8000/health")).isEqualTo("http://127.0.0.1:8000/health");
    assertThat(R.argv(List.of("app", "--db", "redis://:pw@cache:6379/0")))
        .containsExactly("app", "--db", "redis://:<redacted>@cache:6379/0");
  }

  @Test
  void queryParametersWithASecretNameAreRedacted() {
    assertThat(R.text("http://h/cb?code=1&access_token=abc&state=x"))
        .isEqualTo("http://h/cb?code=1&access_token=<redacted>&state=x");
  }

  @Test
  void authorizationAndOtherSecretHeadersAndBearerTokensAreRedacted() {
    assertThat(R.argv(List.of("curl", "-H", "Authorization: Bearer eyJhbGciOi.x.y", "http://h/")))
        .containsExactly("curl", "-H", "Authorization: <redacted>", "http://h/");
    assertThat(R.text("Proxy-Authorization: Basic dXNlcjpwYXNz"))
        .isEqualTo("Proxy-Authorization: <redacted>");
    assertThat(R.text("X-Api-Key: 12345 and more")).isEqualTo("X-Api-Key: <redacted> and more");
    assertThat(R.text("Cookie: sid=abc")).isEqualTo("Cookie: <redacted>");
    assertThat(R.text("sent Bearer abcdefghijkl to the proxy"))
        .isEqualTo("sent Bearer <redacted> to the proxy");
  }

  @Test
  void jsonMembersWithASecretNameAreRedacted() {
    assertThat(R.text("--config={\"user\": \"bob\", \"password\": \"x\\\"y\"}"))
        .isEqualTo("--config={\"user\": \"bob\", \"password\": \"<redacted>\"}");
  }

  @Test
  void ordinaryEvidenceTextIsLeftAlone() {
    for (String text :
        List.of(
            "recvfrom(fd 5: TCP 127.0.0.1:4711 → 127.0.0.1:80 ESTABLISHED) in wait_woken",
            "epoll_wait(fd 3: anon_inode:[eventpoll], n=1, timeout 30.0s)",
            "socket:[12345]",
            "pipe:[837733]",
            "/usr/lib/python3.11/concurrent/futures/thread.py",
            "open descriptors 5 → 9",
            "ThreadPoolExecutor-0_3",
            "git@github.com:org/repo.git")) {
      assertThat(R.text(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void applyingItTwiceChangesNothingMore() {
    List<String> argv =
        List.of(
            "curl",
            "-u",
            "a:b",
            "-H",
            "Authorization: Bearer abcdefghij",
            "https://u:p@h/?token=t",
            "--password",
            "x");
    List<String> once = R.argv(argv);
    assertThat(R.argv(once)).isEqualTo(once);
    String text = String.join(" ", once);
    assertThat(R.text(text)).isEqualTo(text);
  }

  @Test
  void noneKeepsEverything() {
    List<String> argv = List.of("app", "--password=hunter2", "postgres://a:b@h/x");
    assertThat(Redactor.NONE.argv(argv)).isEqualTo(argv);
    assertThat(Redactor.NONE.text("Authorization: Bearer abcdefghij"))
        .isEqualTo("Authorization: Bearer abcdefghij");
  }

  @ParameterizedTest
  @CsvSource({
    "password,true",
    "DB_PASS,true",
    "apiKey,true",
    "x-api-key,true",
    "client_secret,true",
    "auth,true",
    "Authorization,true",
    "oauth_callback,true",
    "credentials,true",
    "sessionid,true",
    "cookie,true",
    "jwt,true",
    "author,false",
    "keepalive,false",
    "passenger,false",
    "port,false",
    "path,false",
    "monkey,false",
    "passes,false"
  })
  void secretNames(String name, boolean secret) {
    assertThat(Redactor.isSecretName(name)).isEqualTo(secret);
    assertThat(R.text("x " + name + "=v4lue y"))
        .as("free text passes the quick check exactly when the name is secret")
        .isEqualTo(secret ? "x " + name + "=<redacted> y" : "x " + name + "=v4lue y");
  }
}
