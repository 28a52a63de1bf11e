import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JVM test target: brings its threads into the state named by the first argument, proves it from
 * inside where it can, prints one READY line with key=value pairs, then waits to be killed.
 *
 * <ul>
 *   <li>{@code idle}: the main thread sleeps.
 *   <li>{@code monitor-deadlock}: threads "left" and "right" deadlock on two monitors (ready once
 *       the JVM's own detector reports them).
 *   <li>{@code lock-deadlock}: the same on two {@code ReentrantLock}s.
 *   <li>{@code socket-read}: thread "reader" reads, without a timeout, from a connection whose
 *       peer (thread "silent-peer", in this process) never answers.
 *   <li>{@code parked N}: N threads "parked-K" parked for ever.
 * </ul>
 */
public class JvmTarget {
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "idle";
    long pid = ProcessHandle.current().pid();
    switch (mode) {
      case "idle" -> ready("pid=" + pid);
      case "monitor-deadlock" -> monitorDeadlock(pid);
      case "lock-deadlock" -> lockDeadlock(pid);
      case "socket-read" -> socketRead(pid);
      case "parked" -> parked(pid, Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void ready(String pairs) {
    System.out.println("READY " + pairs);
    System.out.flush();
  }

  private static void monitorDeadlock(long pid) throws InterruptedException {
    Object first = new Object();
    Object second = new Object();
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    Thread left = new Thread(() -> lockBoth(first, second, bothHoldOne), "left");
    Thread right = new Thread(() -> lockBoth(second, first, bothHoldOne), "right");
    left.start();
    right.start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    while (threads.findMonitorDeadlockedThreads() == null) {
      Thread.sleep(10);
    }
    ready("pid=" + pid);
  }

  private static void lockBoth(Object outer, Object inner, CountDownLatch bothHoldOne) {
    synchronized (outer) {
      bothHoldOne.countDown();
      try {
        bothHoldOne.await();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (inner) {
        System.out.println("never printed");
      }
    }
  }

  private static void lockDeadlock(long pid) throws InterruptedException {
    Lock first = new ReentrantLock();
    Lock second = new ReentrantLock();
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    Thread left = new Thread(() -> lockBoth(first, second, bothHoldOne), "left");
    Thread right = new Thread(() -> lockBoth(second, first, bothHoldOne), "right");
    left.start();
    right.start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    while (threads.findDeadlockedThreads() == null) {
      Thread.sleep(10);
    }
    ready("pid=" + pid);
  }

  private static void lockBoth(Lock outer, Lock inner, CountDownLatch bothHoldOne) {
    outer.lock();
    try {
      bothHoldOne.countDown();
      bothHoldOne.await();
      inner.lock();
      inner.unlock();
      System.out.println("never printed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      outer.unlock();
    }
  }

  private static void socketRead(long pid) throws Exception {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    List<Socket> accepted = new ArrayList<>();
    CountDownLatch peerHasIt = new CountDownLatch(1);
    Thread peer =
        new Thread(
            () -> {
              try {
                Socket socket = server.accept();
                accepted.add(socket);
                socket.getInputStream().read();
                peerHasIt.countDown();
                Thread.sleep(Long.MAX_VALUE);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "silent-peer");
    peer.setDaemon(true);
    peer.start();
    Thread reader =
        new Thread(
            () -> {
              try (Socket socket = new Socket("127.0.0.1", server.getLocalPort())) {
                socket.getOutputStream().write('?');
                InputStream in = socket.getInputStream();
                System.out.println("read " + in.read());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "reader");
    reader.start();
    peerHasIt.await();
    ready("pid=" + pid + " port=" + server.getLocalPort());
  }

  private static void parked(long pid, int count) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(count);
    CountDownLatch never = new CountDownLatch(1);
    for (int i = 1; i <= count; i++) {
      Thread thread =
          new Thread(
              () -> {
                started.countDown();
                try {
                  never.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "parked-" + i);
      thread.start();
    }
    started.await();
    ready("pid=" + pid + " threads=" + count);
  }
}
