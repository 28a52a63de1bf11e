import dev.hangdoctor.cpython.locate.*;
import dev.hangdoctor.cpython.layout.*;
import dev.hangdoctor.cpython.names.*;
import dev.hangdoctor.cpython.walker.*;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.*;
public class Dbg3 {
  public static void main(String[] a) throws Exception {
    int pid = Integer.parseInt(a[0]);
    ProcFs fs = ProcFs.system();
    ProcMemory mem = ProcMemory.open(fs.root(), pid);
    RuntimeLocation loc = new InterpreterLocator(fs).locate(pid, mem).location().get();
    LayoutChoice c = Layouts.forRuntime(mem, loc);
    ObjectReader o = new ObjectReader(mem, ObjectLayouts.forProcess(loc.minor(), c.layout()).get(), TypeAddresses.fromSymbols(loc.symbols()));
    FrameAccess f = new FrameAccess(mem, c.layout(), loc);
    for (var t : f.threads()) for (var fr : t.frames()) if (fr.frame().function().equals("_worker")) {
      long wi = f.local(fr.address(), "work_item");
      long task = o.attribute(wi, "task"); System.out.printf("fn=%x task=%x %s items=%s%n", o.attribute(wi,"fn"), task, o.typeName(task), o.sequence(task, 3)); for (long x : o.sequence(task,3)) System.out.println(o.typeName(x) + " " + o.word(x+40).flatMap(o::str));
    }
  }
}
