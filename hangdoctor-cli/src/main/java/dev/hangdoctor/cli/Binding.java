package dev.hangdoctor.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/** Where an option of a model built in code ({@link CodedModels}) keeps its value: a field. */
final class Binding<V> implements IGetter, ISetter {
  private final Supplier<V> getter;
  private final Consumer<V> setter;

  Binding(Supplier<V> getter, Consumer<V> setter) {
    this.getter = getter;
    this.setter = setter;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get() {
    return (T) getter.get();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T set(T value) {
    T previous = get();
    setter.accept((V) value);
    return previous;
  }
}
