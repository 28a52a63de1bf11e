package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what could not be read during one snapshot, once per kind of evidence; safe to share
 * between the threads of one snapshot.
 */
public final class GapCollector {
  private final Map<String, EvidenceGap> gaps = new LinkedHashMap<>();

  public synchronized void add(String what, ProcReadException e) {
    gaps.putIfAbsent(what, e.toGap(what));
  }

  public synchronized void add(EvidenceGap gap) {
    gaps.putIfAbsent(gap.what(), gap);
  }

  public synchronized void addAll(List<EvidenceGap> more) {
    more.forEach(this::add);
  }

  public synchronized List<EvidenceGap> toList() {
    return new ArrayList<>(gaps.values());
  }
}
