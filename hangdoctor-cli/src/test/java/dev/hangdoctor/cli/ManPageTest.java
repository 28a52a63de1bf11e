package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The manual page is the command line's own model, and man(1) reads it without a warning. */
class ManPageTest {
  private static final String PAGE = ManPage.render(Main.commandLine(), "9.9.9", "2026-11-23");

  @Test
  void everyVerbOptionAndExitCodeIsOnThePage() {
    assertThat(PAGE)
        .startsWith(".\\\" Generated from the hangdoctor command line")
        .contains(".TH HANGDOCTOR 1 \"2026-11-23\" \"hangdoctor 9.9.9\" \"User Commands\"")
        .contains(".SH NAME\nhangdoctor \\- ");
    for (Map.Entry<String, CommandLine> verb : Main.commandLine().getSubcommands().entrySet()) {
      assertThat(PAGE).contains(".SS \"hangdoctor " + verb.getKey() + "\"");
      for (OptionSpec option : verb.getValue().getCommandSpec().options()) {
        if (!option.hidden()) {
          assertThat(PAGE)
              .as("%s %s", verb.getKey(), option.longestName())
              .contains("\\fB" + ManPage.escape(option.longestName()) + "\\fR");
        }
      }
    }
    for (ExitCode code : ExitCode.values()) {
      assertThat(PAGE).contains(".B " + code.code() + "\n" + ManPage.escape(code.meaning()));
    }
    assertThat(PAGE).contains("\\fB\\-\\-fail\\-on\\fR=\\fILEVEL\\fR").doesNotContain("--");
    assertThat(PAGE.chars().filter(c -> c > 127).count())
        .as("non-ASCII characters: the page must read right in the C locale")
        .isZero();
  }

  @Test
  void manReadsThePageWithoutWarnings(@TempDir Path dir) throws Exception {
    Path man = Tool.MAN.require(Tool.onPath("man"));
    Path page = Files.writeString(dir.resolve("hangdoctor.1"), PAGE);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");

    ProcessBuilder builder =
        new ProcessBuilder(List.of(man.toString(), "--warnings", "-l", page.toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("LANG", "C"); // as cron and containers run it: plain ASCII
    builder.environment().remove("LC_ALL");
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    assertThat(Files.readString(err)).as("groff warnings").isEmpty();
    assertThat(Files.readString(out))
        .contains("NAME", "SYNOPSIS", "VERBS", "EXIT STATUS", "ENVIRONMENT")
        .contains("hangdoctor diagnose")
        .contains("--fail-on=LEVEL");
  }
}
