package dev.hangdoctor.linux;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.PipeEnd;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SourceLine;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.Tracer;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.locks.MutexOwnerReader;
import dev.hangdoctor.linux.net.SocketReadResult;
import dev.hangdoctor.linux.net.SocketReader;
import dev.hangdoctor.linux.proc.BootTime;
import dev.hangdoctor.linux.proc.ClockTicks;
import dev.hangdoctor.linux.proc.CmdlineParser;
import dev.hangdoctor.linux.proc.FdClassifier;
import dev.hangdoctor.linux.proc.FdReader;
import dev.hangdoctor.linux.proc.GapCollector;
import dev.hangdoctor.linux.proc.HostLoadReader;
import dev.hangdoctor.linux.proc.OpenFilesLimit;
import dev.hangdoctor.linux.proc.PipeEndScanner;
import dev.hangdoctor.linux.proc.PollFdReader;
import dev.hangdoctor.linux.proc.SourceLineReader;
import dev.hangdoctor.linux.proc.StatLine;
import dev.hangdoctor.linux.proc.StatParser;
import dev.hangdoctor.linux.proc.StatusFile;
import dev.hangdoctor.linux.proc.ThreadReader;
import dev.hangdoctor.linux.proc.Uptime;
import dev.hangdoctor.linux.proc.UserNames;
import dev.hangdoctor.linux.unwind.NativeStackReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes one {@link ProcessSnapshot} of a live process: identity (and its tracer, if any), threads
 * with their kernel waits and scheduler statistics, open descriptors, sockets and limits, the owner
 * of each mutex a thread waits for, the socket a single-descriptor poll waits on, and the machine's
 * load. Whatever cannot be read is recorded as a gap; if the process exits part-way the snapshot
 * holds what was read and says so. The threads of a large process are read on a few helper threads
 * while this thread reads its descriptors and sockets.
 */
public final class ProcessReader {
  private final ProcFs procFs;
  private final ThreadReader threadReader;
  private final FdReader fdReader;
  private final SocketReader socketReader;
  private final MutexOwnerReader mutexOwners;
  private final PipeEndScanner pipeEnds;
  private final SourceLineReader sources;
  private final PollFdReader pollFds;
  private final NativeStackReader nativeStacks;
  private final UserNames userNames;
  private final HostLoadReader hostLoad;
  private final long bootEpochMillis;
  private final int parallelism;

  public ProcessReader(ProcFs procFs, UserNames userNames) {
    this(procFs, userNames, ChunkedReads.DEFAULT_PARALLELISM);
  }

  /**
   * @param parallelism how many threads may read one process's thread files at once (1: only the
   *     caller's)
   */
  public ProcessReader(ProcFs procFs, UserNames userNames, int parallelism) {
    this.procFs = procFs;
    this.threadReader = new ThreadReader(procFs);
    this.fdReader = new FdReader(procFs);
    this.socketReader = new SocketReader(procFs);
    this.mutexOwners = new MutexOwnerReader(procFs);
    this.pipeEnds = new PipeEndScanner(procFs);
    this.sources = new SourceLineReader(procFs);
    this.pollFds = new PollFdReader(procFs);
    this.nativeStacks = new NativeStackReader(procFs);
    this.userNames = userNames;
    this.hostLoad = new HostLoadReader(procFs);
    this.bootEpochMillis = BootTime.read(procFs);
    this.parallelism = parallelism;
  }

  public static ProcessReader system() {
    return new ProcessReader(ProcFs.system(), UserNames.fromPasswd(Path.of("/etc/passwd")));
  }

  /**
   * @throws ProcReadException when the process does not exist (reason {@code TARGET_EXITED}) or its
   *     basic status cannot be read at all
   */
  public ProcessSnapshot snapshot(int pid) throws ProcReadException {
    return snapshot(pid, true);
  }

  /**
   * As {@link #snapshot(int)}; without {@code threadCounters}, no thread's context switches and
   * scheduler statistics are read (two files fewer per thread), for a report that shows none.
   */
  public ProcessSnapshot snapshot(int pid, boolean threadCounters) throws ProcReadException {
    long monotonic = System.nanoTime();
    long now = System.currentTimeMillis();
    GapCollector gaps = new GapCollector();
    ProcessInfo info = info(pid, gaps);

    List<ThreadSnapshot> threads = List.of();
    List<FdEntry> fds = List.of();
    List<SocketEntry> sockets = List.of();
    FdSummary fdSummary = null;
    try {
      int[] tids = threadReader.tids(pid);
      ChunkedReads.Pending<ThreadSnapshot> pendingThreads =
          ChunkedReads.start(
              tids, parallelism, chunk -> threadReader.read(pid, chunk, gaps, threadCounters));
      Optional<List<FdEntry>> listed = readFds(pid, gaps);
      OpenFilesLimit limit = readLimit(pid, gaps);
      if (listed.isPresent()) {
        fds = listed.get();
        fdSummary = FdClassifier.summarize(fds, limit);
      }
      SocketReadResult socketResult = socketReader.read(pid, fds);
      sockets = socketResult.sockets();
      gaps.addAll(socketResult.gaps());
      threads =
          nativeStacks.withNativeStacks(
              pid,
              pollFds.withPollFds(pid, mutexOwners.withOwners(pid, pendingThreads.get(), gaps)),
              gaps);
    } catch (ProcReadException e) {
      gaps.add("the rest of the process", e);
    }
    if (!procFs.exists(procFs.pidDir(pid).resolve("stat"))) {
      gaps.add(
          new EvidenceGap(
              "process",
              EvidenceGap.Reason.TARGET_EXITED,
              "process " + pid + " exited during the read"));
    }
    return new ProcessSnapshot(
        now,
        monotonic,
        info,
        threads,
        fdSummary,
        fds,
        sockets,
        gaps.toList(),
        null,
        hostLoad.read());
  }

  /**
   * Every descriptor open on the pipes or FIFOs {@code targets} ({@code pipe:[N]} links or FIFO
   * paths) in any process this reader may look at: who else holds the ends of a pipe a thread sits
   * on.
   */
  public List<PipeEnd> pipeEnds(Set<String> targets) {
    return pipeEnds.scan(targets);
  }

  /**
   * The source lines {@code wanted} (file → line numbers) as process {@code pid} sees its files;
   * {@code startEpochMillis} tells lines of files changed since it started.
   */
  public List<SourceLine> sourceLines(
      int pid, Map<String, Set<Integer>> wanted, long startEpochMillis) {
    return sources.read(pid, wanted, startEpochMillis);
  }

  /** Identity and counters only: cheap enough for every process on the machine. */
  public ProcessInfo info(int pid) throws ProcReadException {
    return info(pid, new GapCollector());
  }

  private ProcessInfo info(int pid, GapCollector gaps) throws ProcReadException {
    Path dir = procFs.pidDir(pid);
    StatLine stat = StatParser.parse(procFs.readText(dir.resolve("stat")));
    StatusFile status = StatusFile.parse(procFs.readText(dir.resolve("status")));
    List<String> cmdline = List.of();
    try {
      cmdline = CmdlineParser.parse(procFs.readBytes(dir.resolve("cmdline")));
    } catch (ProcReadException e) {
      gaps.add("command line", e);
    }
    int uid = status.realUid();
    long startMillis = ClockTicks.toMillis(stat.startTimeTicks());
    return new ProcessInfo(
        pid,
        stat.ppid(),
        stat.comm(),
        uid,
        userNames.nameOf(uid),
        cmdline,
        readLink(dir.resolve("exe"), "executable (/proc/PID/exe)", stat, gaps),
        readLink(dir.resolve("cwd"), "working directory (/proc/PID/cwd)", stat, gaps),
        stat.state(),
        stat.kernelThread(),
        bootEpochMillis < 0 ? -1 : bootEpochMillis + startMillis,
        Math.max(0, Uptime.read(procFs) - startMillis),
        stat.threadCount(),
        status.rssBytes(),
        new CpuTime(ClockTicks.toMillis(stat.userTicks()), ClockTicks.toMillis(stat.systemTicks())),
        tracer(status.tracerPid()));
  }

  /** The process tracing this one, named by its {@code comm} when it can still be read. */
  private Tracer tracer(int tracerPid) {
    if (tracerPid <= 0) {
      return null;
    }
    try {
      return new Tracer(
          tracerPid, procFs.readText(procFs.pidDir(tracerPid).resolve("comm")).strip());
    } catch (ProcReadException e) {
      return new Tracer(tracerPid, null);
    }
  }

  private String readLink(Path link, String what, StatLine stat, GapCollector gaps) {
    if (stat.kernelThread()) {
      return null;
    }
    try {
      return procFs.readLink(link);
    } catch (ProcReadException e) {
      if (!e.targetExited()) {
        gaps.add(what, e);
      }
      return null;
    }
  }

  private Optional<List<FdEntry>> readFds(int pid, GapCollector gaps) throws ProcReadException {
    try {
      return Optional.of(fdReader.read(pid));
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw e;
      }
      gaps.add(FdReader.FDS, e);
      return Optional.empty();
    }
  }

  private OpenFilesLimit readLimit(int pid, GapCollector gaps) throws ProcReadException {
    try {
      return OpenFilesLimit.parse(procFs.readText(procFs.pidDir(pid).resolve("limits")));
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw e;
      }
      gaps.add("open-files limit", e);
      return OpenFilesLimit.UNKNOWN;
    }
  }
}
