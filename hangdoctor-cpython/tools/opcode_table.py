"""Prints the opcode table of the running CPython (3.11+) for hangdoctor's bytecode reader.

One line per opcode number in use, tab-separated: number, name, the base (de-specialized) name the
number executes as, and the inline cache entries that follow the base instruction. Specialized and
instrumented opcodes map to their base; a number whose base cannot be told (INSTRUMENTED_LINE,
ENTER_EXECUTOR, ...) maps to "-".

3.13+ publish the specialized numbers (opcode._specialized_opmap). 3.11 and 3.12 do not: the
build assigns them to the unused numbers 1..255 in the order of opcode._specialized_instructions
(Tools/build/generate_opcode_h.py), which is what this script reproduces.

Usage: python3.X opcode_table.py > opcodes-3.X.tsv
"""

import opcode
import sys


def specialized_numbers():
    if hasattr(opcode, "_specialized_opmap"):
        return dict(opcode._specialized_opmap)
    used = set(opcode.opmap.values())
    free = (n for n in range(1, 256) if n not in used)
    return {name: next(free) for name in opcode._specialized_instructions}


def base_of_specialized():
    base = {}
    for family, members in opcode._specializations.items():
        for member in members:
            base[member] = family
    return base


def cache_entries(name):
    entries = opcode._inline_cache_entries
    if isinstance(entries, dict):
        return entries.get(name, 0)
    number = opcode.opmap.get(name)
    return entries[number] if number is not None and number < len(entries) else 0


def main():
    names = {}
    for name, number in opcode.opmap.items():
        if number < 256:
            names[number] = name
    for name, number in specialized_numbers().items():
        names[number] = name
    specialized = base_of_specialized()
    print("# CPython %d.%d opcode table (tools/opcode_table.py)" % sys.version_info[:2])
    for number in sorted(names):
        name = names[number]
        if name in specialized:
            base = specialized[name]
        elif name.startswith("INSTRUMENTED_") and name[len("INSTRUMENTED_"):] in opcode.opmap:
            base = name[len("INSTRUMENTED_"):]
        elif name in ("INSTRUMENTED_LINE", "INSTRUMENTED_INSTRUCTION", "ENTER_EXECUTOR"):
            base = "-"
        else:
            base = name
        caches = cache_entries(base) if base != "-" else 0
        print("%d\t%s\t%s\t%d" % (number, name, base, caches))


if __name__ == "__main__":
    main()
