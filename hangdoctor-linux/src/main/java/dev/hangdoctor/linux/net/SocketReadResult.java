package dev.hangdoctor.linux.net;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.SocketEntry;
import java.util.List;

/**
 * The sockets of one process, sorted by file descriptor, with the tables that could not be read: a
 * partial answer is still evidence.
 */
public record SocketReadResult(List<SocketEntry> sockets, List<EvidenceGap> gaps) {
  public SocketReadResult {
    sockets = List.copyOf(sockets);
    gaps = List.copyOf(gaps);
  }
}
