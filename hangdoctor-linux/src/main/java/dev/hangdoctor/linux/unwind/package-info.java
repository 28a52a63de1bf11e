/**
 * Machine-code stacks of native threads, read without ptrace: a DWARF call-frame interpreter over
 * {@code .eh_frame}, frame-pointer unwinding, ELF symbols and the DWARF line table.
 */
package dev.hangdoctor.linux.unwind;
