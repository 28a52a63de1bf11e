package com.example.imaging;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Random;

/** Blurs a batch of scanned plates and writes them next to the originals. */
public final class BlurBatch {
  public static void main(String[] args) throws IOException {
    int width = 256;
    int height = 256;
    Random random = new Random(42);
    int written = 0;
    for (String plate : new String[] {"plate-01", "plate-02", "plate-03"}) {
      short[] pixels = new short[width * height];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (short) random.nextInt(4096);
      }
      short[] blurred = GaussianBlur.blur(pixels, width, height, 2.0);
      try (DataOutputStream out = new DataOutputStream(new FileOutputStream(plate + "-blur.raw"))) {
        for (short value : blurred) {
          out.writeShort(value);
        }
      }
      written++;
    }
    System.out.println("wrote " + written + " images");
  }
}
