package dev.hangdoctor.probe;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a plain socket (or TLS on top of it), timed phase by phase: DNS, connect,
 * TLS handshake, first response byte, complete body. Never throws for what the network does: every
 * failure becomes a {@link ProbeResult} naming the phase it happened in.
 */
public final class HttpProbe {
  private static final String USER_AGENT = "hangdoctor-probe";

  private final ProbeSettings settings;
  private final Ticker ticker;

  public HttpProbe(ProbeSettings settings) {
    this(settings, Ticker.SYSTEM);
  }

  public HttpProbe(ProbeSettings settings, Ticker ticker) {
    this.settings = settings;
    this.ticker = ticker;
  }

  /**
   * An http or https URL with a host and a valid port, as a probe needs it.
   *
   * @throws IllegalArgumentException saying in one line what is wrong with {@code text}
   */
  public static URI parseUrl(String text) {
    if (!text.contains("://") && text.matches("[^/?#\\s]+:\\d+([/?#].*)?")) {
      throw new IllegalArgumentException(
          "not a URL: " + text + " (no scheme; did you mean http://" + text + " ?)");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "not a URL: " + text + " (" + e.getReason().toLowerCase(Locale.ROOT) + ")");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "not an http:// or https:// URL: " + text + " (e.g. http://127.0.0.1:8000/health)");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && !authority.endsWith("]") && !authority.substring(colon + 1).isEmpty()) {
        throw new IllegalArgumentException(
            "bad port in URL: "
                + text
                + " ('"
                + authority.substring(colon + 1)
                + "' is not a number from 1 to 65535)");
      }
      throw new IllegalArgumentException("no host in URL: " + text);
    }
    if (url.getPort() == 0 || url.getPort() > 65535) {
      throw new IllegalArgumentException(
          "bad port in URL: " + text + " (" + url.getPort() + " is not from 1 to 65535)");
    }
    return url;
  }

  /** Probes {@code url} within the timeout of the settings. */
  public ProbeResult probe(URI url) {
    return attempt(url, Long.MAX_VALUE).run();
  }

  /**
   * A probe of {@code url} to run, which must end by {@code deadlineNanos} (on this probe's ticker)
   * as well as within the timeout of the settings; another thread may {@link Attempt#cutOff} it.
   */
  public Attempt attempt(URI url, long deadlineNanos) {
    return new Attempt(url, deadlineNanos);
  }

  /**
   * One probe while it runs: the phase it is in and when the earlier ones ended. {@link #run} on
   * one thread; {@link #cutOff} from another, when the caller stops waiting for it.
   */
  public final class Attempt {
    private final URI url;
    private final boolean tls;
    private final String host;
    private final int port;
    private final long start = ticker.read();
    private final long deadline;
    private final boolean overallDeadlineFirst;
    private final Map<Phase, Duration> ends = new EnumMap<>(Phase.class);
    private volatile Phase phase = Phase.DNS;
    private volatile InetSocketAddress remote;
    private volatile InetSocketAddress local;
    private volatile Socket socket;

    private Attempt(URI url, long deadlineNanos) {
      this.url = url;
      this.tls = url.getScheme().equalsIgnoreCase("https");
      this.host = stripBrackets(url.getHost());
      this.port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
      long own = start + settings.timeout().toNanos();
      this.overallDeadlineFirst = deadlineNanos - own < 0;
      this.deadline = overallDeadlineFirst ? deadlineNanos : own;
    }

    public ProbeResult run() {
      try {
        return exchange();
      } catch (IOException e) {
        ProbeOutcome outcome = ProbeClassifier.ofFailure(e);
        return new ProbeResult(
            url, outcome, phase, 0, timings(), 0, false, remote, local, failureDetail(outcome, e));
      }
    }

    /**
     * The result of this probe when the caller stops waiting for it after the overall deadline: a
     * timeout in the phase it was in. Closes its connection, so the thread running it ends too.
     */
    public ProbeResult cutOff() {
      Socket open = socket;
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          // closing is all that is wanted; the probe's result says what happened
        }
      }
      return new ProbeResult(
          url, ProbeOutcome.TIMEOUT, phase, 0, timings(), 0, false, remote, local, cutOffDetail());
    }

    private String cutOffDetail() {
      return "cut off by the overall deadline, " + phase.label() + " not done";
    }

    private ProbeResult exchange() throws IOException {
      if (ticker.read() - deadline >= 0) {
        throw new SocketTimeoutException("deadline passed before the probe started");
      }
      InetAddress address = InetAddress.getByName(host);
      remote = new InetSocketAddress(address, port);
      end(Phase.DNS);
      try (Socket plain = new Socket()) {
        socket = plain;
        phase = Phase.CONNECT;
        long connectMillis = Math.min(settings.connectTimeout().toMillis(), millisLeft());
        plain.connect(remote, (int) Math.max(1, connectMillis));
        local = (InetSocketAddress) plain.getLocalSocketAddress();
        plain.setTcpNoDelay(true);
        end(Phase.CONNECT);
        Socket socket = tls ? handshake(plain) : plain;
        phase = Phase.FIRST_BYTE;
        OutputStream out = socket.getOutputStream();
        out.write(request().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        BufferedInputStream in = new BufferedInputStream(new DeadlineInput(socket), 8192);
        in.mark(1);
        if (in.read() < 0) {
          throw new MalformedResponseException("connection closed before a response");
        }
        in.reset();
        end(Phase.FIRST_BYTE);
        phase = Phase.BODY;
        HttpResponse response = new HttpResponseReader(in, settings.maxBodyBytes()).read("GET");
        end(Phase.BODY);
        PhaseTimings timings = timings();
        ProbeOutcome outcome =
            ProbeClassifier.ofResponse(response.status(), timings.total(), settings.slow());
        return new ProbeResult(
            url,
            outcome,
            null,
            response.status(),
            timings,
            response.bodyBytes(),
            response.truncated(),
            remote,
            local,
            responseDetail(outcome, response));
      }
    }

    private Socket handshake(Socket plain) throws IOException {
      phase = Phase.TLS;
      SSLSocketFactory factory =
          settings.insecure()
              ? InsecureTls.socketFactory()
              : (SSLSocketFactory) SSLSocketFactory.getDefault();
      SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
      if (!settings.insecure()) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
      }
      socket.setSoTimeout((int) Math.max(1, millisLeft()));
      socket.startHandshake();
      end(Phase.TLS);
      return socket;
    }

    private String request() {
      String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
      String hostHeader = url.getPort() >= 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
      return "GET "
          + target
          + " HTTP/1.1\r\nHost: "
          + hostHeader
          + "\r\nUser-Agent: "
          + USER_AGENT
          + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    }

    private long millisLeft() throws SocketTimeoutException {
      long left = deadline - ticker.read();
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      return Math.max(1, left / 1_000_000);
    }

    private synchronized void end(Phase finished) {
      ends.put(finished, Duration.ofNanos(ticker.read() - start));
    }

    private synchronized PhaseTimings timings() {
      return new PhaseTimings(ends, Duration.ofNanos(ticker.read() - start));
    }

    private String failureDetail(ProbeOutcome outcome, IOException e) {
      if (outcome == ProbeOutcome.TIMEOUT
          && overallDeadlineFirst
          && ticker.read() - deadline >= 0) {
        return cutOffDetail();
      }
      if (outcome == ProbeOutcome.TIMEOUT) {
        return switch (phase) {
          case CONNECT ->
              "no connection within "
                  + Durations.human(
                      min(
                          settings.connectTimeout(),
                          settings.timeout().minus(elapsedAt(Phase.DNS))));
          case TLS -> "TLS handshake not done within " + Durations.human(settings.timeout());
          case FIRST_BYTE -> "no response within " + Durations.human(settings.timeout());
          case BODY -> "body not complete within " + Durations.human(settings.timeout());
          case DNS -> "no DNS answer within " + Durations.human(settings.timeout());
        };
      }
      if (outcome == ProbeOutcome.DNS) {
        return "unknown host " + host;
      }
      String message = e.getMessage();
      return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private synchronized Duration elapsedAt(Phase phase) {
      return ends.getOrDefault(phase, Duration.ZERO);
    }

    private String responseDetail(ProbeOutcome outcome, HttpResponse response) {
      String status = (response.status() + " " + response.reason()).trim();
      if (outcome == ProbeOutcome.SLOW) {
        return status + ", over the " + Durations.human(settings.slow()) + " slow threshold";
      }
      return response.truncated()
          ? status + ", body cut at " + settings.maxBodyBytes() + " bytes"
          : status;
    }

    /** The socket's input, each read allowed only the time left before the probe's deadline. */
    private final class DeadlineInput extends FilterInputStream {
      private final Socket socket;

      DeadlineInput(Socket socket) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
      }

      @Override
      public int read() throws IOException {
        socket.setSoTimeout((int) millisLeft());
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        socket.setSoTimeout((int) millisLeft());
        return super.read(b, off, len);
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
