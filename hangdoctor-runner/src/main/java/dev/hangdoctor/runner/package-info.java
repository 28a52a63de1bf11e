/**
 * Hang-proof runs of a command: a deadline (overall or for silence), the diagnosis of every process
 * of the command's tree taken before anything is killed, then a tree kill that also reaches
 * descendants that left the tree (found by an environment marker), retries and flake tables. Prints
 * nothing: status lines go to a caller-supplied sink.
 */
package dev.hangdoctor.runner;
