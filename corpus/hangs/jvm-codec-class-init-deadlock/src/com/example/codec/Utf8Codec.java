package com.example.codec;

import java.nio.charset.StandardCharsets;

public final class Utf8Codec extends Codec {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @Override
  public byte[] encode(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    int start = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2] ? 3 : 0;
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }
}
