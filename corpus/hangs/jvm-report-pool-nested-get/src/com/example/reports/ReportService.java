package com.example.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds monthly reports: each report renders its sections in parallel on the shared pool. */
public final class ReportService {
  private static final int WORKERS = 4;
  private static final List<String> SECTIONS = List.of("summary", "revenue", "churn", "forecast");

  private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS, named("report-worker"));

  public Future<String> submit(String customer) {
    return pool.submit(() -> build(customer));
  }

  private String build(String customer) throws InterruptedException, ExecutionException {
    System.out.println(Thread.currentThread().getName() + ": building report for " + customer);
    List<Future<String>> parts = new ArrayList<>();
    for (String section : SECTIONS) {
      parts.add(pool.submit(() -> SectionRenderer.render(customer, section)));
    }
    StringBuilder report = new StringBuilder("report for ").append(customer).append('\n');
    for (Future<String> part : parts) {
      report.append(part.get()).append('\n');
    }
    return report.toString();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> new Thread(task, prefix + "-" + next.getAndIncrement());
  }

  public static void main(String[] args) throws Exception {
    ReportService service = new ReportService();
    List<Future<String>> reports = new ArrayList<>();
    List<String> customers =
        List.of(
            "acme", "globex", "initech", "umbrella", "hooli", "soylent", "tyrell", "wonka",
            "stark", "wayne", "cyberdyne", "aperture");
    for (String customer : customers) {
      reports.add(service.submit(customer));
    }
    System.out.println("submitted " + reports.size() + " reports");
    for (Future<String> report : reports) {
      System.out.print(report.get());
    }
    service.pool.shutdown();
  }
}
