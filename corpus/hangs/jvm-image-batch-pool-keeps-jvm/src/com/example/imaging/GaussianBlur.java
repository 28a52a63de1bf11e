package com.example.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** A separable Gaussian blur of a 16-bit grey image, rows split over the cores. */
public final class GaussianBlur {
  private GaussianBlur() {}

  public static short[] blur(short[] pixels, int width, int height, double sigma) {
    double[] kernel = kernel(sigma);
    short[] out = new short[pixels.length];
    int bands = Runtime.getRuntime().availableProcessors();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int band = 0; band < bands; band++) {
      int from = band * height / bands;
      int to = (band + 1) * height / bands;
      tasks.add(
          () -> {
            for (int y = from; y < to; y++) {
              for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = 0; k < kernel.length; k++) {
                  int xx = Math.min(width - 1, Math.max(0, x + k - kernel.length / 2));
                  sum += kernel[k] * pixels[y * width + xx];
                }
                out[y * width + x] = (short) sum;
              }
            }
            return null;
          });
    }
    ThreadUtil.runAll(tasks);
    return out;
  }

  private static double[] kernel(double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      total += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= total;
    }
    return kernel;
  }
}
