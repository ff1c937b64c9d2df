package dev.drd.failover;

import java.util.ArrayList;
import java.util.List;

/** What an abort before the promotion undid and what it left for people to undo. */
final class FailoverUndo {
  private final List<String> undone = new ArrayList<>();
  private final List<String> left = new ArrayList<>();

  void undone(String what) {
    undone.add(what);
  }

  void left(String what) {
    left.add(what);
  }

  String describe() {
    if (undone.isEmpty() && left.isEmpty()) {
      return "Nothing had been changed that needed undoing.";
    }
    String done = undone.isEmpty() ? "" : "Undone: " + String.join("; ", undone) + ". ";
    return done
        + (left.isEmpty()
            ? "Nothing is left changed."
            : "NOT undone, left for you: " + String.join("; ", left) + ".");
  }
}
