package dev.hangdoctor.cli;

import dev.hangdoctor.probe.HttpProbe;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/** URLs as typed, checked once for the probe verbs. */
final class UrlArguments {
  private UrlArguments() {}

  static List<URI> parse(List<String> urls) {
    try {
      return urls.stream().map(HttpProbe::parseUrl).collect(Collectors.toList());
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }
}
