package dev.hangdoctor.cpython.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.BoundedCommand;
import dev.hangdoctor.cpython.LiveTargets;
import dev.hangdoctor.cpython.MiniJson;
import dev.hangdoctor.testkit.PythonInterpreter;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The location table's positions, the opcode tables and the call sites against what each CPython
 * found here says about the same code: {@code co_positions()} for every code unit, and the ast's
 * callee of every call and manager of every {@code with}, on plain and adaptive bytecode.
 */
class CallSitesLiveTest {
  static List<PythonInterpreter> cpythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void positionsAndCalleesAgreeWithTheInterpreter(PythonInterpreter python) throws Exception {
    BoundedCommand.Result result =
        BoundedCommand.run(
            List.of(python.path().toString(), script().toString()), Duration.ofSeconds(60));
    assertThat(result.exitCode()).as(result.err()).isZero();
    OpcodeTable table = OpcodeTable.forMinor(python.minor()).orElseThrow();
    int calls = 0;
    int withs = 0;
    for (String line : result.out().lines().toList()) {
      Map<String, Object> code = MiniJson.object(MiniJson.parse(line));
      byte[] lineTable = HexFormat.of().parseHex((String) code.get("linetable"));
      int first = number(code.get("first"));
      int units = number(code.get("units"));
      List<Object> expectedPositions = MiniJson.array(code.get("positions"));
      Position[] positions = LocationTable.positions(lineTable, first, units);
      for (int unit = 0; unit < units; unit++) {
        List<Object> p = MiniJson.array(expectedPositions.get(unit));
        assertThat(positions[unit])
            .as("%s unit %d", code.get("name"), unit)
            .isEqualTo(
                new Position(
                    number(p.get(0)), number(p.get(1)), number(p.get(2)), number(p.get(3))));
        assertThat(LocationTable.positionOf(lineTable, first, unit)).isEqualTo(positions[unit]);
      }
      List<String> names = strings(code.get("names"));
      List<String> locals = strings(code.get("locals"));
      CallSites.Names lookup =
          (local, index) -> {
            List<String> from = local ? locals : names;
            return index >= 0 && index < from.size() ? from.get(index) : null;
          };
      Map<String, Object> expectedCalls = MiniJson.object(code.get("calls"));
      Map<String, Object> expectedWiths = MiniJson.object(code.get("withs"));
      for (String form : List.of("code", "adaptive")) {
        byte[] bytecode = HexFormat.of().parseHex((String) code.get(form));
        List<Instruction> instructions = BytecodeDecoder.decode(bytecode, table);
        assertThat(instructions).noneMatch(i -> i.op() == Op.UNKNOWN || i.op() == Op.CACHE);
        assertThat(instructions.get(instructions.size() - 1).end()).isEqualTo(units);
        for (Instruction instruction : instructions) {
          for (int unit = instruction.start(); unit < instruction.end(); unit++) {
            Optional<CallSite> site = CallSites.at(instructions, positions, table, lookup, unit);
            if (instruction.op() == Op.PRECALL) {
              continue;
            }
            if (site.isEmpty()) {
              continue;
            }
            Position at = site.get().position();
            if (site.get().kind() == CallSite.Kind.CALL) {
              String key =
                  at.line() + " " + at.endLine() + " " + at.column() + " " + at.endColumn();
              if (expectedCalls.containsKey(key)) {
                assertThat(site.get().callee())
                    .as("%s %s unit %d call at %s", code.get("name"), form, unit, key)
                    .isEqualTo(expectedCalls.get(key));
                calls++;
              }
            } else {
              List<Object> managers = new ArrayList<>();
              expectedWiths.forEach(
                  (k, v) -> {
                    int withLine = Integer.parseInt(k.split(" ")[0]);
                    if (withLine == at.line()
                        && (python.minor() <= 12 || k.equals(at.line() + " " + at.column()))) {
                      managers.add(v);
                    }
                  });
              assertThat(managers).as("with at %s", at).isNotEmpty();
              assertThat(managers)
                  .as("%s %s unit %d with at %s", code.get("name"), form, unit, at)
                  .contains(site.get().callee());
              withs++;
            }
          }
        }
      }
    }
    assertThat(calls).as("calls checked").isGreaterThan(40);
    assertThat(withs).as("with entries checked").isGreaterThanOrEqualTo(8);
  }

  private static int number(Object value) {
    return ((BigDecimal) value).intValueExact();
  }

  private static List<String> strings(Object value) {
    return MiniJson.array(value).stream().map(String.class::cast).toList();
  }

  private static Path script() throws URISyntaxException {
    return Path.of(CallSitesLiveTest.class.getResource("call_sites.py").toURI());
  }
}
