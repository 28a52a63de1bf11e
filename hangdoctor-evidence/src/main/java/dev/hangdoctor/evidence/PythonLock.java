package dev.hangdoctor.evidence;

/**
 * A {@code threading} lock object read from a process's memory: its address (the same in a forked
 * child as in its parent), its type ({@code _thread.lock} for {@code threading.Lock}, {@code
 * _thread.RLock}), its name the way the code names it ({@code self._state_lock}, a module-level
 * {@code LOCK}; {@code null} when no frame, {@code self} or module global refers to it), whether it
 * is held ({@code null} when that could not be read), and for an RLock its owner ({@code
 * threading.get_ident()} of the holding thread, {@code 0} when free or not an RLock) and how many
 * times the owner acquired it. A plain lock records no owner.
 */
public record PythonLock(
    long address, String type, String name, Boolean held, long ownerThreadId, int count) {

  /** True for {@code threading.RLock}, which the same thread may acquire again. */
  public boolean reentrant() {
    return type != null && type.endsWith("RLock");
  }

  /** {@code self._lock (_thread.lock at 0x7f…)}, or just the type and address when unnamed. */
  public String describe() {
    String what = (reentrant() ? "RLock" : "Lock") + " at 0x" + Long.toHexString(address);
    return name == null ? what : name + " (" + what + ")";
  }

  /** This lock with a name. */
  public PythonLock withName(String newName) {
    return new PythonLock(address, type, newName, held, ownerThreadId, count);
  }
}
