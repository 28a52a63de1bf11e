package dev.hangdoctor.cpython.layout;

import dev.hangdoctor.evidence.PythonStacks.LayoutSource;

/**
 * The layout chosen for one interpreter and where it came from; {@code note} says why the table was
 * used on a version that publishes {@code _Py_DebugOffsets} (null otherwise).
 */
public record LayoutChoice(Layout layout, LayoutSource source, String note) {}
