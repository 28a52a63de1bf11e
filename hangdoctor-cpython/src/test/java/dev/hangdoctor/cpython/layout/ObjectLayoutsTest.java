package dev.hangdoctor.cpython.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The names reader decodes str with the offsets the walker chose, never a second copy of them. */
class ObjectLayoutsTest {

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void theObjectTableAgreesWithTheWalkerTableOnStr(int minor) {
    Layout.ObjectLayout walker = LayoutTables.forMinor(minor).orElseThrow().objects();
    ObjectLayout names = ObjectLayouts.forMinor(minor).orElseThrow();

    assertThat(names.strLength()).isEqualTo(walker.strLength());
    assertThat(names.strState()).isEqualTo(walker.strState());
    assertThat(names.strAsciiData()).isEqualTo(walker.strAsciiData());
    assertThat(names.strCompactData()).isEqualTo(walker.strCompactData());
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void strOffsetsComeFromTheLayoutChosenForTheProcess(int minor) {
    Layout table = LayoutTables.forMinor(minor).orElseThrow();
    Layout.ObjectLayout t = table.objects();
    Layout shifted =
        new Layout(
            table.minor(),
            table.runtime(),
            table.interpreter(),
            table.gil(),
            table.thread(),
            table.frame(),
            table.code(),
            new Layout.ObjectLayout(
                t.obType(),
                t.typeName(),
                t.strLength() + 8,
                t.strState() + 8,
                t.strAsciiData() + 8,
                t.strCompactData() + 8,
                t.strLegacyData(),
                t.bytesSize(),
                t.bytesData(),
                t.tupleSize(),
                t.tupleItems()));

    ObjectLayout names = ObjectLayouts.forProcess(minor, shifted).orElseThrow();

    assertThat(names.strLength()).isEqualTo(t.strLength() + 8);
    assertThat(names.strState()).isEqualTo(t.strState() + 8);
    assertThat(names.strAsciiData()).isEqualTo(t.strAsciiData() + 8);
    assertThat(names.strCompactData()).isEqualTo(t.strCompactData() + 8);
    assertThat(names.dict()).isEqualTo(ObjectLayouts.forMinor(minor).orElseThrow().dict());
  }
}
