package dev.hangdoctor.cpython.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangdoctor.cpython.objects.Image;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.linux.memory.RecordedMemory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole walk on recorded images: interpreter, sys.modules, threading._active, threads. */
class ThreadNameReaderTest {
  private static final long MAIN = 139_669_110_501_440L;
  private static final long WORKER = 139_669_106_296_512L;
  private static final long MATERIALISED = 139_669_097_903_808L;
  private static final long BROKEN = 139_669_089_511_104L;

  /** An image with four threads in {@code _active}; returns the interpreter's address. */
  private static long fourThreads(Image image) {
    long keys = image.splitKeys("_target", "_name", "_ident");
    long threadClass = image.classWithManagedDict(keys);
    long main = image.instanceWithValues(threadClass, image.str("x"), image.str("MainThread"));
    long worker = image.instanceWithValues(threadClass, 0, image.str("räuber-ü"));
    long materialised =
        image.instanceWithDict(
            threadClass, image.strDict("_ident", 0x10L, "_name", image.str("materialised")));
    long broken = image.instanceWithValues(threadClass, 0, 0x1234_5679L);
    long active =
        image.dict(
            image.keys(
                0,
                image.integer(MAIN),
                main,
                image.integer(WORKER),
                worker,
                image.integer(MATERIALISED),
                materialised,
                image.integer(BROKEN),
                broken),
            0);
    long threading =
        image.module(image.strDict("__name__", image.str("threading"), "_active", active));
    long modules = image.strDict("sys", 0x5000L, "threading", threading, "os", 0x6000L);
    return image.interpreter(modules);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void readsEachThreadsNameWhereverItsVersionKeepsIt(int minor) {
    Image image = new Image(minor);
    long interp = fourThreads(image);
    TypeAddresses types = new TypeAddresses(image.dictType, image.strType, image.intType);

    Map<Long, String> names = ThreadNameReader.read(image.memory(), interp, minor, types);

    assertThat(names)
        .containsExactly(
            Map.entry(MAIN, "MainThread"),
            Map.entry(WORKER, "räuber-ü"),
            Map.entry(MATERIALISED, "materialised"));
    assertThat(ThreadNameReader.read(image.memory(), interp, minor, TypeAddresses.unknown()))
        .isEqualTo(names);
  }

  @Test
  void aProcessWithoutThreadingHasNoNames() {
    Image image = new Image(12);
    long interp = image.interpreter(image.strDict("sys", 0x5000L));

    assertThat(ThreadNameReader.read(image.memory(), interp, 12, TypeAddresses.unknown()))
        .isEmpty();
  }

  @Test
  void anUnknownVersionOrABadInterpreterGivesNoNames() {
    Image image = new Image(12);
    long interp = fourThreads(image);

    assertThat(ThreadNameReader.read(image.memory(), interp, 10, TypeAddresses.unknown()))
        .isEmpty();
    assertThat(ThreadNameReader.read(image.memory(), interp + 1, 12, TypeAddresses.unknown()))
        .isEmpty();
    assertThat(ThreadNameReader.read(image.memory(), 0, 12, TypeAddresses.unknown())).isEmpty();
  }

  @Test
  void cyclesEndTheWalk() {
    Image image = new Image(11);
    long interp = image.alloc(image.layout.interpreterModules() + 8);
    long selfReferent = image.object(image.dictType, 48);
    image.putLong(selfReferent + image.dict.maKeys(), selfReferent);
    image.putLong(interp + image.layout.interpreterModules(), selfReferent);
    long moduleIsItsOwnDict = image.object(image.moduleType, 48);
    image.putLong(moduleIsItsOwnDict + image.layout.moduleDict(), moduleIsItsOwnDict);
    long cyclic = image.interpreter(image.strDict("threading", moduleIsItsOwnDict));

    assertThat(ThreadNameReader.read(image.memory(), interp, 11, TypeAddresses.unknown()))
        .isEmpty();
    assertThat(ThreadNameReader.read(image.memory(), cyclic, 11, TypeAddresses.unknown()))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void randomBytesNeverThrowNorHang(int minor) {
    Random random = new Random(minor);
    for (int round = 0; round < 200; round++) {
      byte[] garbage = new byte[64 * 1024];
      random.nextBytes(garbage);
      long base = 0x10000;
      for (int i = 0; i < garbage.length - 8; i += 8 * (1 + random.nextInt(4))) {
        long pointer = base + 8L * random.nextInt(garbage.length / 8 - 1);
        for (int b = 0; b < 8; b++) {
          garbage[i + b] = (byte) (pointer >>> (8 * b));
        }
      }
      RecordedMemory memory = new RecordedMemory().with(base, garbage);
      long interp = base + 8L * random.nextInt(1024);
      // A hang guard (a walk that never ends on garbage), not a speed goal.
      assertTimeoutPreemptively(
          Duration.ofMinutes(1),
          () -> ThreadNameReader.read(memory, interp, minor, TypeAddresses.unknown()));
    }
  }
}
