package com.example.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;

/** Moves money between accounts; every debit is written to the audit log before it is applied. */
public final class Ledger {
  private final Writer audit;

  public Ledger(Writer audit) {
    this.audit = audit;
  }

  public void transfer(Account from, Account to, long cents) {
    synchronized (from) {
      if (from.balance() < cents) {
        throw new IllegalStateException("insufficient funds in " + from);
      }
      record("debit", from, cents);
      synchronized (to) {
        from.debit(cents);
        to.credit(cents);
      }
    }
  }

  public long balanceOf(Account account) {
    synchronized (account) {
      return account.balance();
    }
  }

  private void record(String what, Account account, long cents) {
    try {
      audit.write(Instant.now() + " " + what + " " + account.id() + " " + cents + "\n");
      audit.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
