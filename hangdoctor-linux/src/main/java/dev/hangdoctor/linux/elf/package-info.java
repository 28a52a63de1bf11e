/**
 * A small, defensive reader of 64-bit little-endian ELF files: type, program headers, sections and
 * symbol lookup by name. Every offset and length is checked against the file, so malformed input
 * ends in an {@link dev.hangdoctor.linux.elf.ElfFormatException}, never another exception.
 */
package dev.hangdoctor.linux.elf;
