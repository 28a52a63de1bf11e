package com.example.ledger;

public final class Account {
  private final String id;
  private long balanceCents;

  public Account(String id, long balanceCents) {
    this.id = id;
    this.balanceCents = balanceCents;
  }

  public String id() {
    return id;
  }

  long balance() {
    return balanceCents;
  }

  void debit(long cents) {
    balanceCents -= cents;
  }

  void credit(long cents) {
    balanceCents += cents;
  }

  @Override
  public String toString() {
    return id;
  }
}
