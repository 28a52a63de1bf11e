package dev.hangdoctor.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/** A writer that passes text on with {@link AsciiGlyphs}' stand-ins for the glyphs it knows. */
final class AsciiWriter extends FilterWriter {
  AsciiWriter(Writer out) {
    super(out);
  }

  @Override
  public void write(int c) throws IOException {
    String stand = c < 0x80 ? null : AsciiGlyphs.of((char) c);
    if (stand == null) {
      out.write(c);
    } else {
      out.write(stand);
    }
  }

  @Override
  public void write(char[] buffer, int offset, int length) throws IOException {
    write(new String(buffer, offset, length), 0, length);
  }

  @Override
  public void write(String text, int offset, int length) throws IOException {
    String ascii = AsciiGlyphs.ascii(text.substring(offset, offset + length));
    out.write(ascii, 0, ascii.length());
  }
}
