/**
 * Pure decoders of CPython 3.11-3.14 code objects: per-minor opcode tables, adaptive bytecode, the
 * location table (source positions), the exception table, and the call sites they describe.
 */
package dev.hangdoctor.cpython.bytecode;
