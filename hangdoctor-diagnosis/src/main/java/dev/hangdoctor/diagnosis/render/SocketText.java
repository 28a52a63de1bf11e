package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;

/** One-line descriptions of sockets: protocol, addresses and state. */
final class SocketText {
  private SocketText() {}

  static String describe(SocketEntry socket) {
    if (socket.protocol() == SocketProtocol.UNIX) {
      String path =
          socket.unixPath() == null || socket.unixPath().isEmpty() ? "unnamed" : socket.unixPath();
      return "unix " + socket.unixType() + " " + path + " " + socket.state();
    }
    String text = socket.protocol() + " " + socket.local();
    if (socket.remote() != null && socket.remote().port() != 0) {
      text += " → " + socket.remote();
    }
    return text + " " + socket.state();
  }
}
