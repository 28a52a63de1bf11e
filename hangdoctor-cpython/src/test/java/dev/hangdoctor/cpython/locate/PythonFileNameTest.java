package dev.hangdoctor.cpython.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonFileNameTest {

  @Test
  void executablesAndLibraries() {
    assertThat(PythonFileName.of("/usr/bin/python3.11"))
        .hasValue(new PythonFileName(3, 11, "", false));
    assertThat(PythonFileName.of("/x/lib/libpython3.12.so.1.0"))
        .hasValue(new PythonFileName(3, 12, "", true));
    assertThat(PythonFileName.of("/x/lib/libpython3.13t.so"))
        .hasValueSatisfying(
            n -> {
              assertThat(n.freeThreaded()).isTrue();
              assertThat(n.text()).isEqualTo("3.13t");
            });
    assertThat(PythonFileName.of("/x/lib/libpython3.6m.so.1.0").orElseThrow().text())
        .isEqualTo("3.6");
    assertThat(PythonFileName.of("/x/bin/python3.12d").orElseThrow().debug()).isTrue();
  }

  @Test
  void otherNamesAreNotPython() {
    assertThat(PythonFileName.of("/usr/bin/python3")).isEmpty();
    assertThat(PythonFileName.of("/usr/bin/python3.11-config")).isEmpty();
    assertThat(PythonFileName.of("/x/python3.12.so")).isEmpty();
    assertThat(PythonFileName.of("/x/libpython3.12")).isEmpty();
    assertThat(PythonFileName.of("/usr/lib/libc.so.6")).isEmpty();
    assertThat(PythonFileName.of("/x/_sha2.cpython-312-x86_64-linux-gnu.so")).isEmpty();
  }
}
