package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Epoll fdinfo as Linux 6.x prints it (captured from a Python process with two watches). */
class EpollWatchParserTest {
  private static final String FDINFO =
      "pos:\t0\n"
          + "flags:\t02000002\n"
          + "mnt_id:\t17\n"
          + "ino:\t1044\n"
          + "tfd:        3 events:       19 data:                3  pos:0 ino:34a190 sdev:9\n"
          + "tfd:        7 events:        4 data:                7  pos:0 ino:34a1a2 sdev:9\n";

  @Test
  void eachWatchHasItsDescriptorEventsAndInode() {
    List<EpollWatchParser.EpollWatch> watches = EpollWatchParser.parse(FDINFO);

    assertThat(watches)
        .containsExactly(
            new EpollWatchParser.EpollWatch(3, 0x19, 0x34a190),
            new EpollWatchParser.EpollWatch(7, 0x4, 0x34a1a2));
    assertThat(watches.get(0).readable()).isTrue();
    assertThat(watches.get(1).readable()).as("EPOLLOUT only").isFalse();
  }

  @Test
  void anEpollWithNothingRegisteredOrAMalformedLineWatchesNothing() {
    assertThat(EpollWatchParser.parse("pos:\t0\nflags:\t02\n")).isEmpty();
    assertThat(EpollWatchParser.parse("tfd: x events: 19\n")).isEmpty();
  }

  @Test
  void aKernelWithoutInodesGivesMinusOne() {
    assertThat(EpollWatchParser.parse("tfd:        5 events:       19 data:  5  pos:0\n"))
        .containsExactly(new EpollWatchParser.EpollWatch(5, 0x19, -1));
  }
}
