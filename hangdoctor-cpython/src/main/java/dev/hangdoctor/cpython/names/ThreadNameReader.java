package dev.hangdoctor.cpython.names;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import dev.hangdoctor.cpython.objects.DictItem;
import dev.hangdoctor.cpython.objects.DictReader;
import dev.hangdoctor.cpython.objects.InstanceAttributes;
import dev.hangdoctor.cpython.objects.IntDecoder;
import dev.hangdoctor.cpython.objects.Remote;
import dev.hangdoctor.cpython.objects.StrDecoder;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the names of a CPython process's live {@code threading.Thread}s from its memory: {@code
 * sys.modules["threading"]._active}, mapping each {@code threading.get_ident()} value to the
 * thread's {@code _name} (and its {@code _daemonic} flag, which decides whether interpreter exit
 * waits for it). Threads {@code threading} does not know (started with {@code
 * _thread.start_new_thread} or from C, before any of them called {@code
 * threading.current_thread()}) have no entry. For the default (GIL) build of 3.11 to 3.14.
 */
public final class ThreadNameReader {
  private ThreadNameReader() {}

  /**
   * The names of the threads of the interpreter at {@code interpreterState}, a {@code
   * PyInterpreterState} of CPython {@code 3.minor}, in the order {@code threading} registered them.
   * Never throws for what it finds in the target: whatever cannot be read (a racing update, an
   * unsupported version, garbage) is left out, so the map may be partial or empty. Idents are the
   * unsigned {@code pthread_t} bits.
   */
  public static Map<Long, String> read(
      RemoteMemory memory, long interpreterState, int minor, TypeAddresses types) {
    Map<Long, String> names = new LinkedHashMap<>();
    readThreads(memory, interpreterState, minor, types)
        .forEach((ident, thread) -> names.put(ident, thread.name()));
    return Collections.unmodifiableMap(names);
  }

  /**
   * Like {@link #read}, with each thread's daemon flag as well ({@code null} where it could not be
   * read).
   */
  public static Map<Long, RegisteredThread> readThreads(
      RemoteMemory memory, long interpreterState, int minor, TypeAddresses types) {
    return ObjectLayouts.forMinor(minor)
        .map(layout -> readThreads(memory, interpreterState, layout, types))
        .orElse(Map.of());
  }

  /** As {@link #readThreads(RemoteMemory, long, int, TypeAddresses)}, with the layout chosen. */
  public static Map<Long, RegisteredThread> readThreads(
      RemoteMemory memory, long interpreterState, ObjectLayout layout, TypeAddresses types) {
    if (!Remote.isPointer(interpreterState)) {
      return Map.of();
    }
    Remote remote = new Remote(memory, layout);
    StrDecoder strings = new StrDecoder(remote, types.strType());
    DictReader dicts = new DictReader(remote, types.dictType());
    IntDecoder ints = new IntDecoder(remote, types.intType());
    InstanceAttributes attributes = new InstanceAttributes(remote, dicts, strings);
    List<DictItem> active;
    try {
      active = activeThreads(remote, dicts, strings, interpreterState);
    } catch (UnreadableException e) {
      return Map.of();
    }
    Map<Long, RegisteredThread> threads = new LinkedHashMap<>();
    for (DictItem thread : active) {
      try {
        long ident = ints.decode(thread.key());
        long name = attributes.find(thread.value(), "_name");
        if (name != 0) {
          threads.put(
              ident,
              new RegisteredThread(
                  strings.decode(name),
                  daemon(attributes, ints, thread.value()),
                  typeName(remote, thread.value())));
        }
      } catch (UnreadableException e) {
        // this thread is left out; the others may still be readable
      }
    }
    return Collections.unmodifiableMap(threads);
  }

  private static String typeName(Remote remote, long object) {
    try {
      return remote.typeName(object);
    } catch (UnreadableException e) {
      return null;
    }
  }

  /** {@code True} and {@code False} are ints 1 and 0 to the decoder (bool subclasses int). */
  private static Boolean daemon(InstanceAttributes attributes, IntDecoder ints, long thread) {
    try {
      long flag = attributes.find(thread, "_daemonic");
      return flag == 0 ? null : ints.decode(flag) != 0;
    } catch (UnreadableException e) {
      return null;
    }
  }

  private static List<DictItem> activeThreads(
      Remote remote, DictReader dicts, StrDecoder strings, long interpreterState)
      throws UnreadableException {
    ObjectLayout layout = remote.layout();
    long modules = remote.pointer(interpreterState + layout.interpreterModules(), "sys.modules");
    long threading = dicts.find(dicts.items(modules), strings, "threading");
    if (threading == 0) {
      return List.of();
    }
    long moduleDict = remote.pointer(threading + layout.moduleDict(), "threading.__dict__");
    long active = dicts.find(dicts.items(moduleDict), strings, "_active");
    return active == 0 ? List.of() : dicts.items(active);
  }
}
