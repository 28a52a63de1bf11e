package dev.hangdoctor.cpython.layout;

/**
 * Object layouts of one CPython minor version (byte offsets, x86_64, default GIL build), as needed
 * to read objects reached from the interpreter state: modules, types, instances' attributes, str,
 * int and dict. Obtain it from {@link ObjectLayouts#forMinor(int)}.
 *
 * @param minor the CPython minor version ({@code 3.minor})
 * @param interpreterModules {@code PyInterpreterState.modules} (3.11) or {@code imports.modules}
 *     (3.12+): the {@code sys.modules} dict
 * @param moduleDict {@code PyModuleObject.md_dict}
 * @param typeBasicSize {@code PyTypeObject.tp_basicsize}
 * @param typeFlags {@code PyTypeObject.tp_flags}
 * @param typeDictOffset {@code PyTypeObject.tp_dictoffset}
 * @param heapTypeCachedKeys {@code PyHeapTypeObject.ht_cached_keys}: the keys shared by the
 *     instances' split values
 * @param attributeStorage how instances with a managed dict store attributes
 * @param managedDict offset from an object to its managed dict word (negative: in the pre-header)
 * @param managedValues offset from an object to its values pointer (3.11 only, else 0)
 * @param strLength {@code PyASCIIObject.length} (code points)
 * @param strState {@code PyASCIIObject.state} (32-bit bit-field word)
 * @param strAsciiData where a compact ASCII str's characters start
 * @param strCompactData where a compact non-ASCII str's characters start; also where a legacy str's
 *     data pointer is
 * @param intSize 3.11: signed {@code ob_size} (digit count, sign = value's sign); 3.12+: {@code
 *     lv_tag}
 * @param intTagged whether {@link #intSize} is 3.12's {@code lv_tag}
 * @param intDigits {@code ob_digit[0]} (30-bit digits in 32-bit words, least significant first)
 * @param dict dict internals
 */
public record ObjectLayout(
    int minor,
    int interpreterModules,
    int moduleDict,
    int typeBasicSize,
    int typeFlags,
    int typeDictOffset,
    int heapTypeCachedKeys,
    ObjectAttributeStorage attributeStorage,
    int managedDict,
    int managedValues,
    int strLength,
    int strState,
    int strAsciiData,
    int strCompactData,
    int intSize,
    boolean intTagged,
    int intDigits,
    DictLayout dict) {}
