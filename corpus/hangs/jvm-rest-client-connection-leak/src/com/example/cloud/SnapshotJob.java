package com.example.cloud;

/** Takes the nightly snapshots of a server. */
public final class SnapshotJob {
  public static void main(String[] args) throws Exception {
    String[] endpoint = args[0].split(":");
    ComputeClient compute = new ComputeClient(endpoint[0], Integer.parseInt(endpoint[1]));
    String serverId = "a3f1-77c2";
    System.out.println("server: " + compute.server(serverId));
    for (String name : new String[] {"nightly-1", "nightly-2", "nightly-3"}) {
      System.out.println("snapshot " + name + ": HTTP " + compute.createSnapshot(serverId, name));
    }
    System.out.println("snapshots done");
  }
}
