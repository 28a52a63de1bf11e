package dev.hangdoctor.cpython;

import dev.hangdoctor.cpython.fake.FakeCPython;
import dev.hangdoctor.cpython.fake.LineTableWriter;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonFrame.Owner;
import dev.hangdoctor.evidence.PythonThread;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake process of four threads in the states the live tests use, built for one CPython minor,
 * with the threads a correct walk must return. Shim frames (owner 3, and 4 on 3.14) sit at each
 * C-to-Python boundary from 3.12 on; 3.14 code references carry a tag bit.
 */
final class Scenario {
  static final long MAIN_ID = 0x7f11_2222_3000L;
  static final long SPIN_ID = 0x7f11_2222_4000L;
  static final long NAP_ID = 0x7f11_2222_5000L;
  static final long GEN_ID = 0x7f11_2222_6000L;

  final FakeCPython fake;
  final long mainThread;
  final long spinThread;
  final long napThread;
  final long genThread;
  final long spinFrame;
  final long napFrame;
  final long ticksFrame;
  final List<PythonThread> expected = new ArrayList<>();

  Scenario(int minor) {
    fake = FakeCPython.of(minor);
    boolean shims = minor >= 12;
    boolean previousInstruction = minor <= 12;

    long module = fake.code("<module>", "<module>", "/srv/app/main.py", 1, table(0, 1, 40, 8));
    long mainWaits =
        fake.code("main_waits", "main_waits", "/srv/app/main.py", 10, table(0, 1, 2, 8));
    long bootstrap =
        fake.code(
            "_bootstrap",
            "Thread._bootstrap",
            "/usr/lib/python3/threading.py",
            990,
            table(0, 2, 5, 6));
    long spin = fake.code("spin", "spin", "/srv/app/main.py", 20, table(0, 1, 3, 8));
    long nap = fake.code("nap", "Worker.nap", "/srv/app/wörker.py", 30, table(0, 1, 1, 8));
    long ticks =
        fake.code(
            "ticks",
            "ticks",
            "replaced below",
            50,
            new LineTableWriter().oneLine(0, 1).longForm(12, 8).none(4).bytes());
    fake.putLong(ticks + fake.facts().get("code.filename"), fake.legacyStr("/srv/app/tick€r.py"));
    long sleepy = fake.code("𠀀睡", "Clock.𠀀睡", "/srv/app/時計.py", 60, table(0, 2, 1, 8));

    // main thread: <module> line 41 -> main_waits line 12
    long bottom = shims ? fake.shim(3, 0) : 0;
    long moduleFrame = fake.frame(module, 4, 0, bottom);
    long mainTop = fake.frame(mainWaits, 5, 0, moduleFrame);
    mainThread = fake.thread(MAIN_ID, 100, mainTop);

    // spinner: _bootstrap line 995 -> [shim] -> spin line 23
    long spinBottom = fake.frame(bootstrap, 3, 0, shims ? fake.shim(3, 0) : 0);
    long spinShim = shims ? fake.shim(minor >= 14 ? 4 : 3, spinBottom) : spinBottom;
    spinFrame = fake.frame(spin, 2, 0, spinShim);
    spinThread = fake.thread(SPIN_ID, 101, spinFrame);

    // napper: _bootstrap -> [shim] -> Worker.nap line 31
    long napBottom = fake.frame(bootstrap, 3, 0, shims ? fake.shim(3, 0) : 0);
    long napShim = shims ? fake.shim(3, napBottom) : napBottom;
    napFrame = fake.frame(nap, 1, 0, napShim);
    napThread = fake.thread(NAP_ID, 102, napFrame);

    // generators: _bootstrap -> [shim] -> ticks (generator) line 62 -> Clock.𠀀睡 (generator, new)
    long genBottom = fake.frame(bootstrap, 3, 0, shims ? fake.shim(3, 0) : 0);
    long genShim = shims ? fake.shim(3, genBottom) : genBottom;
    ticksFrame = fake.frame(ticks, 5, 1, genShim);
    long sleepyFrame = fake.frame(sleepy, previousInstruction ? -1 : 0, 1, ticksFrame);
    genThread = fake.thread(GEN_ID, 103, sleepyFrame);

    fake.holdGil(fake.mainInterpreter(), spinThread);
    if (!shims) {
      // 3.11 marks a frame C called with is_entry; 3.12+ put a shim frame below it instead
      fake.putByte(spinFrame + 68, 1);
      fake.putByte(napFrame + 68, 1);
      fake.putByte(ticksFrame + 68, 1);
      fake.putByte(moduleFrame + 68, 1);
      fake.putByte(spinBottom + 68, 1);
      fake.putByte(napBottom + 68, 1);
      fake.putByte(genBottom + 68, 1);
    }

    PythonFrame boot =
        frame("_bootstrap", "Thread._bootstrap", "/usr/lib/python3/threading.py", 995)
            .asCalledFromNative();
    expected.add(
        thread(
            GEN_ID,
            103,
            false,
            previousInstruction
                ? new PythonFrame("𠀀睡", "Clock.𠀀睡", "/srv/app/時計.py", 60, Owner.GENERATOR)
                : new PythonFrame(
                    "𠀀睡", "Clock.𠀀睡", "/srv/app/時計.py", 60, Owner.GENERATOR, 60, 4, 9, null),
            // the long form written by LineTableWriter: end line +3, columns 69 to 199
            new PythonFrame(
                "ticks",
                "ticks",
                "/srv/app/tick€r.py",
                62,
                Owner.GENERATOR,
                65,
                69,
                199,
                null,
                true),
            boot));
    expected.add(
        thread(
            NAP_ID,
            102,
            false,
            frame("nap", "Worker.nap", "/srv/app/wörker.py", 31).asCalledFromNative(),
            boot));
    expected.add(
        thread(
            SPIN_ID,
            101,
            true,
            frame("spin", "spin", "/srv/app/main.py", 23).asCalledFromNative(),
            boot));
    expected.add(
        thread(
            MAIN_ID,
            100,
            false,
            frame("main_waits", "main_waits", "/srv/app/main.py", 12),
            frame("<module>", "<module>", "/srv/app/main.py", 41).asCalledFromNative()));
  }

  /** Units 0..firstUnits-1 on the first line, the next {@code units} on first + delta. */
  private static byte[] table(int firstDelta, int firstUnits, int delta, int units) {
    return new LineTableWriter().oneLine(firstDelta, firstUnits).line(delta, units).bytes();
  }

  static PythonFrame frame(String name, String qualname, String file, int line) {
    return new PythonFrame(name, qualname, file, line, Owner.THREAD);
  }

  static PythonThread thread(long id, int tid, boolean gil, PythonFrame... frames) {
    return new PythonThread(
        id, tid, null, PythonThread.NameSource.NONE, gil, false, List.of(frames), false, null);
  }
}
