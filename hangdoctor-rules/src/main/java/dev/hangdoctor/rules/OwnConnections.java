package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketEntry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client ends of connections hangdoctor itself made to the process under diagnosis ({@code
 * probe}'s requests, which it aborts on a timeout). The target's side of such a connection is the
 * target's socket, but its state (CLOSE_WAIT after the abort) is hangdoctor's doing: no rule may
 * count it as the target's own leak.
 */
public final class OwnConnections {
  /** No connection of hangdoctor's own: every socket counts. */
  public static final OwnConnections NONE = new OwnConnections(Set.of());

  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final Set<InetSocketAddress> clientEnds;

  private OwnConnections(Set<InetSocketAddress> clientEnds) {
    this.clientEnds = clientEnds;
  }

  /** The connections whose client (local) ends were {@code clientEnds}. */
  public static OwnConnections of(Collection<InetSocketAddress> clientEnds) {
    return clientEnds.isEmpty() ? NONE : new OwnConnections(Set.copyOf(clientEnds));
  }

  public int size() {
    return clientEnds.size();
  }

  /** True when {@code socket} is the target's end of one of these connections. */
  public boolean isPeerOf(SocketEntry socket) {
    return !clientEnds.isEmpty() && socket.remote() != null && contains(socket.remote());
  }

  private boolean contains(Endpoint remote) {
    if (!LITERAL.matcher(remote.address()).matches()) {
      return false; // the kernel's tables hold address literals only; never look a name up
    }
    try {
      // A literal is parsed, not resolved; ::ffff:127.0.0.1 and 127.0.0.1 are the same address.
      InetAddress address = InetAddress.getByName(remote.address());
      return clientEnds.contains(new InetSocketAddress(address, remote.port()));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
