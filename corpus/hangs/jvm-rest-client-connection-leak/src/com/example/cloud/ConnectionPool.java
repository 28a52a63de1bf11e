package com.example.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps HTTP/1.1 connections to one endpoint for reuse, at most {@code maxPerRoute} at a time. A
 * caller that finds them all leased waits until one is released.
 */
final class ConnectionPool {
  private final InetSocketAddress endpoint;
  private final int maxPerRoute;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Deque<Socket> idle = new ArrayDeque<>();
  private int leased;

  ConnectionPool(InetSocketAddress endpoint, int maxPerRoute) {
    this.endpoint = endpoint;
    this.maxPerRoute = maxPerRoute;
  }

  Socket lease() throws IOException, InterruptedException {
    lock.lock();
    try {
      while (idle.isEmpty() && leased >= maxPerRoute) {
        released.await();
      }
      leased++;
      Socket socket = idle.pollFirst();
      if (socket != null) {
        return socket;
      }
    } finally {
      lock.unlock();
    }
    Socket socket = new Socket();
    socket.connect(endpoint, 5_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  void release(Socket socket) {
    lock.lock();
    try {
      leased--;
      idle.addLast(socket);
      released.signal();
    } finally {
      lock.unlock();
    }
  }
}
