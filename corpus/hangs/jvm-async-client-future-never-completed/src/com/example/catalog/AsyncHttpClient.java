package com.example.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A small callback-style HTTP client: calls run on a dispatcher thread and report back. */
public final class AsyncHttpClient {
  /** Receives the outcome of one call. */
  public interface Callback {
    void onResponse(int status, String body);

    void onFailure(IOException error);
  }

  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "http-dispatcher");
        thread.setDaemon(true);
        return thread;
      });

  public void enqueue(String url, Callback callback) {
    dispatcher.execute(
        () -> {
          try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(10_000);
            try (InputStream in = connection.getInputStream()) {
              callback.onResponse(
                  connection.getResponseCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            callback.onFailure(e);
          }
        });
  }
}
