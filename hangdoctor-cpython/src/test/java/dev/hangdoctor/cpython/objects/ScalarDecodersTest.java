package dev.hangdoctor.cpython.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarDecodersTest {

  private static StrDecoder strings(Image image, boolean knownType) {
    return new StrDecoder(new Remote(image.memory(), image.layout), knownType ? image.strType : 0);
  }

  private static IntDecoder ints(Image image) {
    return new IntDecoder(new Remote(image.memory(), image.layout), 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void decodesStrOfEveryWidth(int minor) throws Exception {
    Image image = new Image(minor);
    String[] texts = {
      "", "MainThread", "räuber-ü", "名前-スレッド", "emoji-\uD83E\uDDF5", "x".repeat(4096)
    };
    long[] objects = new long[texts.length];
    for (int i = 0; i < texts.length; i++) {
      objects[i] = image.str(texts[i]);
    }
    for (int i = 0; i < texts.length; i++) {
      assertThat(strings(image, true).decode(objects[i])).isEqualTo(texts[i]);
      assertThat(strings(image, false).decode(objects[i])).isEqualTo(texts[i]);
      assertThat(strings(image, false).is(objects[i], texts[i])).isTrue();
    }
    assertThat(strings(image, false).is(objects[1], "MainThreae")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aDecoderForOneWalkReadsEachStrOnce(int minor) throws Exception {
    Image image = new Image(minor);
    long name = image.str("_target");
    long other = image.str("_name");
    RemoteMemory recorded = image.memory();
    AtomicInteger reads = new AtomicInteger();
    RemoteMemory counting =
        new RemoteMemory() {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            reads.incrementAndGet();
            return recorded.read(address, length);
          }

          @Override
          public void close() {}
        };
    StrDecoder walk = StrDecoder.forOneWalk(new Remote(counting, image.layout), image.strType);

    assertThat(walk.decode(name)).isEqualTo("_target");
    int firstReads = reads.get();
    assertThat(firstReads).isPositive();
    assertThat(walk.decode(name)).isEqualTo("_target");
    assertThat(walk.is(name, "_target")).isTrue();
    assertThat(walk.is(name, "_targex")).isFalse();
    assertThat(reads.get()).isEqualTo(firstReads);
    assertThat(walk.decode(other)).isEqualTo("_name");
    assertThat(reads.get()).isGreaterThan(firstReads);

    StrDecoder plain = new StrDecoder(new Remote(counting, image.layout), image.strType);
    int before = reads.get();
    plain.decode(name);
    plain.decode(name);
    assertThat(reads.get() - before).isEqualTo(2 * firstReads);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12})
  void followsTheDataPointerOfALegacyStr(int minor) throws Exception {
    Image image = new Image(minor);
    long str = image.object(image.strType, image.layout.strCompactData() + 8);
    long data = image.alloc(16);
    image.putLong(str + image.layout.strLength(), 3);
    image.putInt(str + image.layout.strState(), 2 << 2);
    image.putLong(str + image.layout.strCompactData(), data);
    image.putInt(data, 0x00620061);
    image.putByte(data + 4, 0x63);

    assertThat(strings(image, true).decode(str)).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 13})
  void rejectsStrThatCannotBeOne(int minor) {
    Image image = new Image(minor);
    long tooLong = image.str("y".repeat(4097));
    long badKind = image.str("abc");
    image.putInt(badKind + image.layout.strState(), 3 << 2 | 0x20);
    long asciiWide = image.str("abc");
    image.putInt(asciiWide + image.layout.strState(), 2 << 2 | 0x20 | 0x40);
    long highByte = image.str("abc");
    image.putByte(highByte + image.layout.strAsciiData(), 0xe4);
    long badCodePoint = image.str("\uD83E\uDDF5");
    image.putInt(badCodePoint + image.layout.strCompactData(), 0x110000);
    long notStr = image.integer(5);

    for (long str : new long[] {tooLong, badKind, asciiWide, highByte, badCodePoint, notStr, 8}) {
      assertThatThrownBy(() -> strings(image, false).decode(str))
          .isInstanceOf(UnreadableException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void decodesIntsUpTo64Bits(int minor) throws Exception {
    Image image = new Image(minor);
    long[] values = {0, 1, -5, 1L << 30, 139_669_110_501_440L, Long.MAX_VALUE, Long.MIN_VALUE + 1};
    long[] objects = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      objects[i] = image.integer(values[i]);
    }
    long allOnes = image.integer(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    for (int i = 0; i < values.length; i++) {
      assertThat(ints(image).decode(objects[i])).isEqualTo(values[i]);
    }
    assertThat(ints(image).decode(allOnes)).isEqualTo(-1L);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12})
  void rejectsIntsBeyond64BitsAndBadDigits(int minor) {
    Image image = new Image(minor);
    long fourDigits = image.integer(BigInteger.ONE.shiftLeft(90));
    long sixtyFiveBits = image.integer(BigInteger.ONE.shiftLeft(64));
    long badDigit = image.integer(7);
    image.putInt(badDigit + image.layout.intDigits(), 1 << 30);
    long negativeTooBig =
        image.integer(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE));
    long notInt = image.str("7");

    for (long object : new long[] {fourDigits, sixtyFiveBits, badDigit, negativeTooBig, notInt}) {
      assertThatThrownBy(() -> ints(image).decode(object)).isInstanceOf(UnreadableException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13})
  void rejectsAnInvalidSignInTheTag(int minor) {
    Image image = new Image(minor);
    long object = image.integer(7);
    image.putLong(object + image.layout.intSize(), (1 << 3) | 3);

    assertThatThrownBy(() -> ints(image).decode(object)).isInstanceOf(UnreadableException.class);
  }
}
