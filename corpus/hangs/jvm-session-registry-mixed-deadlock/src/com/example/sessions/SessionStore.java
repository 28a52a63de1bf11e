package com.example.sessions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Persists sessions; writers serialise on one lock so a session's record is never torn. */
public final class SessionStore {
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, String> records = new HashMap<>();
  private SessionRegistry registry;

  void attach(SessionRegistry registry) {
    this.registry = registry;
  }

  public void save(String sessionId, String payload) {
    writeLock.lock();
    try {
      records.put(sessionId, payload);
      registry.touch(sessionId);
    } finally {
      writeLock.unlock();
    }
  }

  void delete(String sessionId) {
    writeLock.lock();
    try {
      records.remove(sessionId);
    } finally {
      writeLock.unlock();
    }
  }
}
