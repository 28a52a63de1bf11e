package dev.hangdoctor.evidence;

import java.util.List;

/**
 * Python stacks read a few milliseconds apart right after the window, taken only when the process's
 * CLOSE_WAIT sockets grew in it: calls that open a connection last milliseconds, far too short for
 * the samples to catch. {@code reads} stacks were read over {@code spanMillis}; {@code sightings}
 * keeps, of each read, only the threads caught inside a network client call (socket, http.client,
 * urllib, urllib3, requests, httpx, aiohttp), frames innermost first.
 */
public record ConnectionReads(int reads, long spanMillis, List<StackSample> sightings) {
  /** No reads taken: the CLOSE_WAIT sockets did not grow, or the process is not CPython. */
  public static final ConnectionReads NONE = new ConnectionReads(0, 0, List.of());

  public ConnectionReads {
    sightings = sightings == null ? List.of() : List.copyOf(sightings);
  }
}
