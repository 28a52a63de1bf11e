package dev.hangdoctor.cpython.walker;

/**
 * What the walk keeps of a code object: its names, file, first line, location table and the address
 * of its first code unit.
 */
record CodeObject(
    String name,
    String qualifiedName,
    String filename,
    int firstLine,
    byte[] lineTable,
    long bytecode) {}
