package dev.hangdoctor.cpython.objects;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Looks up an attribute kept in a {@code __slots__} member (attrs classes such as trio's {@code
 * Task} and {@code Runner} keep theirs so): the {@code PyMemberDef} of that name in the {@code
 * tp_members} of the instance's type or of one of its {@code tp_base} ancestors gives the offset of
 * the object pointer in the instance. The offsets are cached per type and name.
 */
final class SlotAttributes {
  static final int TYPE_MEMBERS = 240;
  static final int TYPE_BASE = 256;
  static final int MEMBER_DEF_SIZE = 40;
  static final int MEMBER_TYPE = 8;
  static final int MEMBER_OFFSET = 16;
  static final int OBJECT_MEMBER = 6;
  static final int OBJECT_EX_MEMBER = 16;
  private static final int MAX_MEMBERS = 256;
  private static final int MAX_BASES = 16;
  private static final int MAX_NAME = 128;
  private static final long ABSENT = -1;

  private final Remote remote;
  private final Map<Long, Map<String, Long>> offsets = new HashMap<>();

  SlotAttributes(Remote remote) {
    this.remote = remote;
  }

  /** The object in {@code object}'s slot {@code name}, or 0 when it has no such slot or unset. */
  long find(long object, String name) throws UnreadableException {
    long type = remote.typeOf(object, "slotted instance");
    long offset =
        offsets.computeIfAbsent(type, key -> new HashMap<>()).computeIfAbsent(name, key -> -2L);
    if (offset == -2L) {
      offset = lookUp(type, name);
      offsets.get(type).put(name, offset);
    }
    if (offset == ABSENT) {
      return 0;
    }
    long value = remote.word(object + offset, "slot " + name);
    return Remote.isPointer(value) ? value : 0;
  }

  private long lookUp(long type, String name) {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    long current = type;
    try {
      for (int depth = 0; depth < MAX_BASES && Remote.isPointer(current); depth++) {
        long members = remote.word(current + TYPE_MEMBERS, "tp_members");
        for (int i = 0; Remote.isPointer(members) && i < MAX_MEMBERS; i++) {
          long definition = members + (long) i * MEMBER_DEF_SIZE;
          long namePointer = remote.word(definition, "member name");
          if (namePointer == 0 || namePointer >= 1L << 47) {
            break;
          }
          if (named(namePointer, wanted)) {
            int kind = remote.bytes(definition + MEMBER_TYPE, 4, "member type").getInt(0);
            if (kind != OBJECT_EX_MEMBER && kind != OBJECT_MEMBER) {
              return ABSENT;
            }
            long offset = remote.word(definition + MEMBER_OFFSET, "member offset");
            return offset > 0 && offset < 1 << 16 ? offset : ABSENT;
          }
        }
        current = remote.word(current + TYPE_BASE, "tp_base");
      }
    } catch (UnreadableException e) {
      return ABSENT;
    }
    return ABSENT;
  }

  private boolean named(long chars, byte[] wanted) throws UnreadableException {
    if (chars < 4096 || chars >= 1L << 47) {
      return false;
    }
    int length = Math.min(wanted.length + 1, MAX_NAME);
    byte[] raw = new byte[length];
    remote.bytes(chars, length, "member name").get(raw);
    for (int i = 0; i < wanted.length; i++) {
      if (raw[i] != wanted[i]) {
        return false;
      }
    }
    return raw[wanted.length] == 0;
  }
}
