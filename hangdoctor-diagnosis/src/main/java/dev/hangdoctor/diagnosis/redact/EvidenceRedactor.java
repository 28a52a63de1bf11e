package dev.hangdoctor.diagnosis.redact;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.FinishedTask;
import dev.hangdoctor.evidence.Headline;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonCall;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketQueueTrend;
import dev.hangdoctor.evidence.SourceLine;
import dev.hangdoctor.evidence.StackFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.TreeCoverage;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Redactor} applied to evidence records: every string that comes from the target (command
 * lines, thread, process and asyncio task names, paths, descriptor targets, Unix socket paths, read
 * errors, the source lines of task await chains, exceptions of finished tasks) and every string of
 * a verdict (findings, healthy reasons, blind spots). Python frames are kept as they are: they name
 * code (functions, source files), not data. Pure; records come back unchanged when the redactor is
 * {@link Redactor#NONE}.
 */
public final class EvidenceRedactor {
  private final Redactor redactor;

  public EvidenceRedactor(Redactor redactor) {
    this.redactor = redactor;
  }

  public ProcessSnapshot snapshot(ProcessSnapshot s) {
    if (!redactor.enabled()) {
      return s;
    }
    return new ProcessSnapshot(
        s.capturedAtEpochMillis(),
        s.monotonicNanos(),
        info(s.process()),
        map(s.threads(), this::thread),
        s.fdSummary(),
        map(s.fds(), this::fd),
        map(s.sockets(), this::socket),
        map(s.gaps(), this::gap),
        python(s.python()),
        s.host(),
        s.jvm());
  }

  public ProcessNode node(ProcessNode n) {
    if (!redactor.enabled()) {
      return n;
    }
    return new ProcessNode(
        n.pid(),
        n.ppid(),
        redactor.text(n.name()),
        redactor.argv(n.cmdline()),
        n.uid(),
        n.state(),
        n.wchan(),
        n.elapsedMillis(),
        n.cpu(),
        map(n.children(), this::node));
  }

  public ProcessMark mark(ProcessMark m) {
    return redactor.enabled() ? new ProcessMark(m.pid(), m.kind(), redactor.text(m.detail())) : m;
  }

  public Inspection inspection(Inspection i) {
    if (!redactor.enabled()) {
      return i;
    }
    return new Inspection(
        i.schemaVersion(),
        i.pid(),
        map(i.samples(), this::snapshot),
        window(i.window()),
        i.tree() == null ? null : node(i.tree()),
        i.partial(),
        i.stackSamples(),
        i.pipeEnds(),
        map(
            i.sourceLines(),
            l -> new SourceLine(l.file(), l.line(), redactor.text(l.text()), l.changed())),
        i.connectionReads());
  }

  public Diagnosis diagnosis(Diagnosis d) {
    if (!redactor.enabled()) {
      return d;
    }
    return new Diagnosis(
        d.schemaVersion(),
        inspection(d.inspection()),
        map(d.findings(), this::finding),
        redactor.texts(d.healthyReasons()),
        map(d.children(), this::diagnosis),
        d.waitFor(),
        map(d.blindSpots(), this::blindSpot),
        d.coverage() == null ? null : coverage(d.coverage()),
        d.headline() == null ? null : headline(d.headline()));
  }

  public Finding finding(Finding f) {
    if (!redactor.enabled()) {
      return f;
    }
    return new Finding(
        f.ruleId(),
        redactor.text(f.kind()),
        f.confidence(),
        f.tid(),
        redactor.text(f.threadName()),
        f.keyFrames(),
        redactor.texts(f.evidence()),
        redactor.text(f.explanation()),
        redactor.text(f.fix()),
        map(f.stack(), fr -> new StackFrame(fr.frame(), fr.user(), redactor.text(fr.source()))));
  }

  private ProcessInfo info(ProcessInfo p) {
    return new ProcessInfo(
        p.pid(),
        p.ppid(),
        redactor.text(p.name()),
        p.uid(),
        p.user(),
        redactor.argv(p.cmdline()),
        redactor.text(p.exe()),
        redactor.text(p.cwd()),
        p.state(),
        p.kernelThread(),
        p.startTimeEpochMillis(),
        p.elapsedMillis(),
        p.threadCount(),
        p.rssBytes(),
        p.cpu(),
        p.tracer());
  }

  /** A path can hold anything; {@code socket:[123]}, {@code pipe:[7]} are the kernel's names. */
  private FdEntry fd(FdEntry fd) {
    boolean kernelName =
        fd.kind() == FdKind.SOCKET || fd.kind() == FdKind.PIPE || fd.kind() == FdKind.ANON_INODE;
    return kernelName ? fd : new FdEntry(fd.fd(), fd.kind(), redactor.text(fd.target()));
  }

  private ThreadSnapshot thread(ThreadSnapshot t) {
    return new ThreadSnapshot(
        t.tid(),
        redactor.text(t.name()),
        t.state(),
        t.kernelWait(),
        t.cpu(),
        t.voluntaryContextSwitches(),
        t.involuntaryContextSwitches(),
        t.schedStat(),
        t.nativeStack());
  }

  private SocketEntry socket(SocketEntry s) {
    return new SocketEntry(
        s.fd(),
        s.inode(),
        s.protocol(),
        s.state(),
        s.local(),
        s.remote(),
        s.receiveQueue(),
        s.sendQueue(),
        redactor.text(s.unixPath()),
        s.unixType());
  }

  private EvidenceGap gap(EvidenceGap g) {
    return new EvidenceGap(g.what(), g.reason(), redactor.text(g.detail()));
  }

  private PythonStacks python(PythonStacks p) {
    if (p == null) {
      return null;
    }
    return new PythonStacks(
        p.status(),
        p.version(),
        redactor.text(p.binary()),
        p.layoutSource(),
        map(
            p.threads(),
            t ->
                new PythonThread(
                    t.threadId(),
                    t.nativeThreadId(),
                    redactor.text(t.name()),
                    t.nameSource(),
                    t.holdsGil(),
                    t.idle(),
                    t.frames(),
                    t.framesTruncated(),
                    redactor.text(t.problem()),
                    t.daemon(),
                    call(t.call()),
                    t.holds(),
                    t.waitsFor(),
                    t.job())),
        redactor.text(p.detail()),
        asyncio(p.asyncio()));
  }

  /**
   * The asyncio task graph: task names (often a request's path and query), the source lines of
   * their await chains, what each waits on and the exceptions of finished tasks can hold data.
   */
  private AsyncTasks asyncio(AsyncTasks a) {
    if (a == null) {
      return null;
    }
    return new AsyncTasks(
        a.status(),
        a.loops(),
        map(
            a.tasks(),
            t ->
                new AsyncTask(
                    t.address(),
                    redactor.text(t.name()),
                    t.state(),
                    t.loop(),
                    t.nativeThreadId(),
                    map(t.stack(), f -> new TaskFrame(f.frame(), redactor.text(f.source()))),
                    taskWait(t.waitsOn()),
                    t.awaitedBy(),
                    t.cancelling(),
                    t.holds())),
        redactor.text(a.detail()));
  }

  private TaskWait taskWait(TaskWait w) {
    if (w == null) {
      return null;
    }
    return new TaskWait(
        w.kind(),
        w.future(),
        redactor.text(w.description()),
        w.tasks(),
        w.worker(),
        w.secondsLeft(),
        w.waitObject(),
        w.waitersOfObject(),
        map(
            w.finishedTasks(),
            f ->
                new FinishedTask(
                    f.address(),
                    redactor.text(f.name()),
                    f.outcome(),
                    redactor.text(f.exception()),
                    f.coroutine())),
        w.fd());
  }

  /** The call a thread makes: its source expression can hold a literal secret. */
  private PythonCall call(PythonCall c) {
    return c == null
        ? null
        : new PythonCall(
            redactor.text(c.expression()),
            c.target(),
            c.targetKind(),
            c.receiverType(),
            c.withEntry());
  }

  private WindowSummary window(WindowSummary w) {
    return new WindowSummary(
        w.samples(),
        w.spanMillis(),
        w.processCpuPercent(),
        map(
            w.threads(),
            t ->
                new ThreadActivity(
                    t.tid(),
                    redactor.text(t.name()),
                    t.state(),
                    t.kernelWait(),
                    t.cpuPercent(),
                    t.waitUnchanged(),
                    t.samplesSeen(),
                    t.voluntaryContextSwitchesDelta(),
                    t.involuntaryContextSwitchesDelta(),
                    t.runqueueWaitPercent())),
        map(
            w.socketQueues(),
            q ->
                new SocketQueueTrend(
                    q.inode(),
                    q.fd(),
                    q.protocol(),
                    q.state(),
                    q.local(),
                    q.remote(),
                    redactor.text(q.unixPath()),
                    q.firstReceiveQueue(),
                    q.lastReceiveQueue(),
                    q.firstSendQueue(),
                    q.lastSendQueue())),
        w.firstFdCount(),
        w.lastFdCount());
  }

  private BlindSpot blindSpot(BlindSpot b) {
    return new BlindSpot(b.kind(), b.what(), redactor.text(b.why()), redactor.text(b.remedy()));
  }

  private Headline headline(Headline h) {
    return new Headline(
        h.kind(), h.pid(), h.chain(), h.onChain(), h.ruleId(), h.tid(), redactor.text(h.text()));
  }

  private TreeCoverage coverage(TreeCoverage c) {
    return new TreeCoverage(
        c.treeSize(),
        c.sampled(),
        map(
            c.leftOut(),
            l -> new TreeCoverage.LeftOut(l.pid(), redactor.text(l.command()), l.why())),
        c.rounds());
  }

  private static <T> List<T> map(List<T> items, Function<T, T> f) {
    List<T> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(f.apply(item));
    }
    return out;
  }
}
