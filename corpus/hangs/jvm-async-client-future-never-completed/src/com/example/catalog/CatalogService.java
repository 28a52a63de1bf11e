package com.example.catalog;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Exposes the remote catalog as futures. */
public final class CatalogService {
  private final AsyncHttpClient client = new AsyncHttpClient();
  private final String baseUrl;

  public CatalogService(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public CompletableFuture<String> product(String sku) {
    CompletableFuture<String> result = new CompletableFuture<>();
    client.enqueue(
        baseUrl + "/products/" + sku,
        new AsyncHttpClient.Callback() {
          @Override
          public void onResponse(int status, String body) {
            result.complete(body);
          }

          @Override
          public void onFailure(IOException error) {
            throw new IllegalStateException("catalog call failed for " + sku, error);
          }
        });
    return result;
  }

  public static void main(String[] args) {
    CatalogService catalog = new CatalogService(args[0]);
    System.out.println("looking up SKU-1042 at " + args[0]);
    String product = catalog.product("SKU-1042").join();
    System.out.println("product: " + product);
  }
}
