package dev.hangdoctor.cpython.layout;

/**
 * Where an instance of a Python class with a VM-managed {@code __dict__} ({@code
 * Py_TPFLAGS_MANAGED_DICT}) keeps its attributes, relative to the object's address.
 */
public enum ObjectAttributeStorage {
  /**
   * 3.11: a values pointer at {@link ObjectLayout#managedValues()} and a dict pointer at {@link
   * ObjectLayout#managedDict()}; at most one of them is set. Values are ordered like the entries of
   * the type's cached keys.
   */
  VALUES_OR_DICT_POINTERS,
  /**
   * 3.12: one word at {@link ObjectLayout#managedDict()}: a dict pointer, or, with the low bit set,
   * the values pointer minus one.
   */
  TAGGED_DICT_OR_VALUES,
  /**
   * 3.13+: a values block inline right after the object's basic size (type flag {@code
   * Py_TPFLAGS_INLINE_VALUES}), used while its "valid" byte is 1; otherwise the dict pointer at
   * {@link ObjectLayout#managedDict()}.
   */
  INLINE_VALUES
}
