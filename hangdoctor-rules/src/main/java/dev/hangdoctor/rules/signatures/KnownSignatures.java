package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.rules.Rule;
import java.util.List;

/** Every known hang signature, in the order findings of equal confidence are ranked. */
public final class KnownSignatures {
  private KnownSignatures() {}

  public static List<Rule> all() {
    return List.of(
        new BlockingNetworkRead(), new CpuSpin(), new StoppedConsuming(), new CloseWaitLeak());
  }
}
