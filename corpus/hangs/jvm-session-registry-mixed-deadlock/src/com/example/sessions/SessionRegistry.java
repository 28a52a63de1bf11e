package com.example.sessions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps the last-seen time of every live session and expires idle ones. */
public final class SessionRegistry {
  private final Map<String, Long> lastSeen = new HashMap<>();
  private final SessionStore store;
  private final long idleMillis;

  public SessionRegistry(SessionStore store, long idleMillis) {
    this.store = store;
    this.idleMillis = idleMillis;
    store.attach(this);
  }

  public synchronized void touch(String sessionId) {
    lastSeen.put(sessionId, System.currentTimeMillis());
  }

  public synchronized int expireIdle() {
    long now = System.currentTimeMillis();
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, Long> entry : lastSeen.entrySet()) {
      if (now - entry.getValue() > idleMillis) {
        expired.add(entry.getKey());
      }
    }
    for (String sessionId : expired) {
      lastSeen.remove(sessionId);
      store.delete(sessionId);
    }
    return expired.size();
  }
}
