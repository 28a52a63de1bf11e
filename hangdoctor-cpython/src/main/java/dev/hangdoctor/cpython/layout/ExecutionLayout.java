package dev.hangdoctor.cpython.layout;

import java.util.Optional;

/**
 * What reading a frame's current work needs beyond the stack walk, for one CPython minor version
 * (x86_64, GIL build): where a frame's locals and value stack are and how its stack depth is kept,
 * the code object's extra fields (names, exception table, sizes), the callables a call may target,
 * and the {@code _thread} lock objects, whose layout changed inside 3.13 and is therefore chosen by
 * the lock type's {@code tp_basicsize} at run time ({@link LockLayout#forBasicSize}). One row per
 * minor, chosen in {@link #forMinor(int)}.
 *
 * <p>Provenance: the frame and code offsets are in {@code cpython-internals.md} (verified live on
 * 3.11.2/3.11.7, 3.12.0/3.12.1, 3.13.0/3.13.15, 3.14.10); {@code co_stacksize}, the function,
 * builtin, descriptor and method offsets were read back with {@code ctypes} on 3.11.2, 3.12.1,
 * 3.13.0 and 3.14.10; the lock layouts are {@code python-locks-and-calls.md} sections 1-2.
 *
 * @param minor CPython 3.{@code minor}
 * @param frameGlobals {@code _PyInterpreterFrame.f_globals}
 * @param frameLocalsPlus {@code localsplus[0]}: locals, cells, then the value stack
 * @param frameStackTop {@code stacktop} (int slot count from {@code localsplus}, 3.11-3.13) or
 *     {@code stackpointer} (3.14)
 * @param stackPointer whether {@link #frameStackTop} is 3.14's pointer rather than a count
 * @param stackRefTagMask the mask that clears 3.14's {@code _PyStackRef} tag bits (all ones before)
 * @param codeSize {@code ob_size} of the code object: its bytecode length in 2-byte code units
 * @param codeConsts {@code co_consts}
 * @param codeNames {@code co_names}
 * @param codeExceptionTable {@code co_exceptiontable}
 * @param codeStackSize {@code co_stacksize}
 * @param codeNLocalsPlus {@code co_nlocalsplus}
 * @param codeLocalsPlusNames {@code co_localsplusnames}
 * @param tupleSize {@code ob_size} of a tuple
 * @param tupleItems {@code ob_item[0]} of a tuple
 */
public record ExecutionLayout(
    int minor,
    int frameGlobals,
    int frameLocalsPlus,
    int frameStackTop,
    boolean stackPointer,
    long stackRefTagMask,
    int codeSize,
    int codeConsts,
    int codeNames,
    int codeExceptionTable,
    int codeStackSize,
    int codeNLocalsPlus,
    int codeLocalsPlusNames,
    int tupleSize,
    int tupleItems) {

  /** {@code PyObject.ob_type}. */
  public static final int OB_TYPE = 8;

  /** {@code PyTypeObject.tp_name} (a C string). */
  public static final int TYPE_NAME = 24;

  /** {@code PyTypeObject.tp_mro} (a tuple of types). */
  public static final int TYPE_MRO = 344;

  /** {@code PyTypeObject.tp_basicsize}. */
  public static final int TYPE_BASIC_SIZE = 32;

  /**
   * {@code PyCFunctionObject}: {@code m_ml} ({@code PyMethodDef*}, whose first field is the name).
   */
  public static final int CFUNCTION_METHOD_DEF = 16;

  /** {@code PyCFunctionObject.m_self}: the module, or the object a builtin method is bound to. */
  public static final int CFUNCTION_SELF = 24;

  /** {@code PyCFunctionObject.m_module}: the module's name (a str) for module functions. */
  public static final int CFUNCTION_MODULE = 32;

  /** {@code PyDescrObject.d_type}: the type a method descriptor belongs to. */
  public static final int DESCRIPTOR_TYPE = 16;

  /** {@code PyDescrObject.d_name}. */
  public static final int DESCRIPTOR_NAME = 24;

  /** {@code PyMethodObject.im_func}. */
  public static final int METHOD_FUNCTION = 16;

  /** {@code PyMethodObject.im_self}. */
  public static final int METHOD_SELF = 24;

  /** {@code PyFunctionObject.func_name}. */
  public static final int FUNCTION_NAME = 32;

  /** {@code PyFunctionObject.func_qualname}. */
  public static final int FUNCTION_QUALNAME = 40;

  /** {@code PyFunctionObject.func_code}. */
  public static final int FUNCTION_CODE = 48;

  /** {@code PyFunctionObject.func_module} (usually the module's name, a str). */
  public static final int FUNCTION_MODULE = 104;

  private static final long NO_TAG = ~0L;
  private static final long STACKREF_TAG = ~3L;

  static final ExecutionLayout PY311 =
      new ExecutionLayout(11, 8, 72, 64, false, NO_TAG, 16, 24, 32, 40, 68, 76, 96, 16, 24);
  static final ExecutionLayout PY312 =
      new ExecutionLayout(12, 24, 72, 64, false, NO_TAG, 16, 24, 32, 40, 64, 72, 96, 16, 24);
  static final ExecutionLayout PY313 =
      new ExecutionLayout(13, 24, 72, 64, false, NO_TAG, 16, 24, 32, 40, 64, 72, 96, 16, 24);
  static final ExecutionLayout PY314 =
      new ExecutionLayout(14, 24, 80, 64, true, STACKREF_TAG, 16, 24, 32, 40, 64, 72, 96, 16, 32);

  /** The row of CPython 3.{@code minor}, if it is supported. */
  public static Optional<ExecutionLayout> forMinor(int minor) {
    return Optional.ofNullable(
        switch (minor) {
          case 11 -> PY311;
          case 12 -> PY312;
          case 13 -> PY313;
          case 14 -> PY314;
          default -> null;
        });
  }

  /**
   * A {@code _thread.lock} or {@code _thread.RLock} object. {@code semaphore} layouts (3.11, 3.12,
   * 3.13.0 locks; RLocks up to 3.13) keep a pointer to a glibc {@code sem_t} whose 32-bit value is
   * 0 while held, and a blocked acquirer sleeps in {@code futex} on that {@code sem_t}; {@code
   * PyMutex} layouts (3.13.1+ locks, 3.14 both) keep a one-byte mutex (bit 0 locked) and a blocked
   * acquirer parks on its own stack entry whose {@code addr} field, 8 bytes before the futex word,
   * points at that byte.
   *
   * @param semaphore whether this is the {@code sem_t*} layout rather than {@code PyMutex}
   * @param lock offset of the {@code sem_t*} pointer, or of the {@code PyMutex} byte
   * @param lockedFlag offset of the {@code locked} char ({@code _thread.lock}, semaphore layout; -1
   *     otherwise)
   * @param owner offset of an RLock's owner ({@code threading.get_ident()} of the holder, 0 when
   *     free); -1 for a plain lock
   * @param count offset of an RLock's acquisition count ({@code level}, one less, on 3.14)
   * @param countIsLevel whether {@link #count} is 3.14's {@code level} (count - 1)
   */
  public record LockLayout(
      boolean semaphore, int lock, int lockedFlag, int owner, int count, boolean countIsLevel) {

    /** The value of a glibc {@code sem_t} while the lock is held. */
    public static final int SEM_HELD = 0;

    /** {@code PyMutex} bit 0: locked. */
    public static final int MUTEX_LOCKED = 1;

    /** Where a parked waiter's {@code wait_entry.addr} lies, relative to its futex word. */
    public static final int PARKED_ADDRESS_BEFORE_FUTEX = 8;

    /**
     * The layout of a lock type, told by its {@code tp_basicsize} (40 / 24 for {@code
     * _thread.lock}, 48 / 40 for {@code _thread.RLock}); empty for any other size.
     */
    public static Optional<LockLayout> forBasicSize(boolean reentrant, long basicSize) {
      if (!reentrant) {
        if (basicSize == 40) {
          return Optional.of(new LockLayout(true, 16, 32, -1, -1, false));
        }
        if (basicSize == 24) {
          return Optional.of(new LockLayout(false, 16, -1, -1, -1, false));
        }
        return Optional.empty();
      }
      if (basicSize == 48) {
        return Optional.of(new LockLayout(true, 16, -1, 24, 32, false));
      }
      if (basicSize == 40) {
        return Optional.of(new LockLayout(false, 16, -1, 24, 32, true));
      }
      return Optional.empty();
    }
  }
}
