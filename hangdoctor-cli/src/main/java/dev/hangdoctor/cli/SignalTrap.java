package dev.hangdoctor.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catches SIGINT or SIGTERM for the length of a {@code run}, instead of letting them end the JVM,
 * and restores the previous handler on {@link #close()}. Uses {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, exported for this purpose and present from JDK 8 to 25) through
 * reflection: javac's warning for it under {@code --release} cannot be suppressed, and the build
 * fails on warnings. If the class is missing, the signal keeps its default effect.
 */
final class SignalTrap implements AutoCloseable {
  private final List<Runnable> restore = new ArrayList<>();

  private SignalTrap() {}

  /** Traps each signal in {@code names} ("INT", "TERM") with {@code handler}, where possible. */
  static SignalTrap install(List<String> names, Consumer<String> handler) {
    SignalTrap trap = new SignalTrap();
    for (String name : names) {
      trap.trap(name, () -> handler.accept(name));
    }
    return trap;
  }

  private void trap(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              SignalTrap.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              new Handler(action, name));
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object previous = handle.invoke(null, signal, handler);
      restore.add(
          () -> {
            try {
              handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException e) {
              // the JVM is on its way out; the old handler does not matter any more
            }
          });
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // no trap (no sun.misc.Signal, or the JVM reserves the signal): the default effect stays
    }
  }

  @Override
  public void close() {
    restore.forEach(Runnable::run);
  }

  /** The {@code SignalHandler} implementation: runs the action for {@code handle(Signal)}. */
  private static final class Handler implements InvocationHandler {
    private final Runnable action;
    private final String name;

    Handler(Runnable action, String name) {
      this.action = action;
      this.name = name;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "handle":
          action.run();
          return null;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "hangdoctor SIG" + name + " handler";
      }
    }
  }
}
