/**
 * The wait-for graph of a diagnosis: threads and processes as nodes, "A waits for B through R" as
 * edges, built from the evidence by one adapter per source ({@link
 * dev.hangdoctor.rules.graph.WaitGraph#of}), with the queries rules are made of: what can still
 * make progress, the cycles of lock waits.
 */
package dev.hangdoctor.rules.graph;
