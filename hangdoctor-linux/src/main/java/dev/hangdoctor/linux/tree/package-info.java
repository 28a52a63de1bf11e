/**
 * The process tree: every process's parent, state and wait, assembled into {@code ProcessNode}s.
 */
package dev.hangdoctor.linux.tree;
