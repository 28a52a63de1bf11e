package com.example.search;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Loads the search cores of this node at startup, in parallel, before accepting queries. */
public final class CoreContainer {
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final ReplicaClient leader;

  CoreContainer(ReplicaClient leader) {
    this.leader = leader;
  }

  void load(List<String> cores) throws InterruptedException {
    AtomicInteger next = new AtomicInteger(1);
    ExecutorService coreLoadExecutor =
        Executors.newFixedThreadPool(2, task -> new Thread(task, "coreLoadExecutor-" + next.getAndIncrement()));
    for (String core : cores) {
      coreLoadExecutor.submit(() -> loadCore(core));
    }
    System.out.println("loading " + cores.size() + " cores");
    ExecutorUtil.shutdownAndAwaitTerminationForever(coreLoadExecutor);
    System.out.println("all cores loaded: " + versions);
  }

  private void loadCore(String core) {
    try {
      long version = leader.fetchIndexVersion(core);
      versions.put(core, version);
      System.out.println(core + " at index version " + version);
    } catch (Exception e) {
      System.out.println(core + " failed to load: " + e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String[] leader = args[0].split(":");
    CoreContainer container = new CoreContainer(new ReplicaClient(leader[0], Integer.parseInt(leader[1])));
    container.load(List.of("products", "reviews"));
  }
}
