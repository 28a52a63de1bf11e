package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.evidence.PythonCall.TargetKind;
import java.util.Optional;

/**
 * Names a callable object read from a value stack: a builtin function or bound builtin method
 * ({@code time.sleep}, {@code _thread.lock.acquire}), a method descriptor ({@code
 * _socket.socket.recv}), a Python function or bound method, or a class being instantiated.
 */
final class Callables {
  private final Heap heap;

  Callables(Heap heap) {
    this.heap = heap;
  }

  /**
   * A callable: its own short name (what the source calls it), its qualified target, its kind, and
   * the type of the object a bound method is bound to ({@code null} otherwise).
   */
  record Callable(String name, String target, TargetKind kind, String boundTo, boolean unbound) {
    Callable(String name, String target, TargetKind kind, String boundTo) {
      this(name, target, kind, boundTo, false);
    }
  }

  /** What {@code object} is as a callable; empty when it is none of the known kinds. */
  Optional<Callable> describe(long object) {
    if (!Heap.isPointer(object)) {
      return Optional.empty();
    }
    try {
      String type = heap.typeName(object);
      return switch (type) {
        case "builtin_function_or_method" -> Optional.of(builtin(object));
        case "method_descriptor", "classmethod_descriptor" -> Optional.of(descriptor(object));
        case "function" -> Optional.of(function(object));
        case "method" -> method(object);
        default -> isType(object) ? Optional.of(typeCall(object)) : Optional.empty();
      };
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  private Callable builtin(long object) throws UnreadableException {
    long definition = heap.word(object + ExecutionLayout.CFUNCTION_METHOD_DEF);
    String name = heap.cString(heap.word(definition));
    long self = heap.word(object + ExecutionLayout.CFUNCTION_SELF);
    if (Heap.isPointer(self) && !"module".equals(heap.typeName(self))) {
      String boundTo = heap.typeName(self);
      return new Callable(name, boundTo + "." + name, TargetKind.NATIVE, boundTo);
    }
    String module = null;
    long moduleName = heap.word(object + ExecutionLayout.CFUNCTION_MODULE);
    if (Heap.isPointer(moduleName)) {
      try {
        module = heap.str(moduleName);
      } catch (UnreadableException e) {
        module = null;
      }
    }
    return new Callable(name, module == null ? name : module + "." + name, TargetKind.NATIVE, null);
  }

  private Callable descriptor(long object) throws UnreadableException {
    String name = heap.str(heap.word(object + ExecutionLayout.DESCRIPTOR_NAME));
    String owner = heap.nameOfType(heap.word(object + ExecutionLayout.DESCRIPTOR_TYPE));
    return new Callable(name, owner + "." + name, TargetKind.NATIVE, null, true);
  }

  private Callable function(long object) throws UnreadableException {
    String name = heap.str(heap.word(object + ExecutionLayout.FUNCTION_NAME));
    String qualified = heap.str(heap.word(object + ExecutionLayout.FUNCTION_QUALNAME));
    String module = null;
    long moduleObject = heap.word(object + ExecutionLayout.FUNCTION_MODULE);
    if (Heap.isPointer(moduleObject)) {
      try {
        module = heap.str(moduleObject);
      } catch (UnreadableException e) {
        module = null;
      }
    }
    return new Callable(
        name, module == null ? qualified : module + "." + qualified, TargetKind.PYTHON, null);
  }

  private Optional<Callable> method(long object) throws UnreadableException {
    long function = heap.word(object + ExecutionLayout.METHOD_FUNCTION);
    long self = heap.word(object + ExecutionLayout.METHOD_SELF);
    Optional<Callable> inner = describe(function);
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    String boundTo = Heap.isPointer(self) ? heap.typeName(self) : null;
    return Optional.of(
        new Callable(inner.get().name(), inner.get().target(), inner.get().kind(), boundTo));
  }

  private boolean isType(long object) throws UnreadableException {
    long metatype = heap.typeOf(object);
    String name = heap.nameOfType(metatype);
    return "type".equals(name) || name.endsWith("Meta");
  }

  private Callable typeCall(long object) throws UnreadableException {
    String name = heap.nameOfType(object);
    return new Callable(name.substring(name.lastIndexOf('.') + 1), name, TargetKind.TYPE, null);
  }
}
