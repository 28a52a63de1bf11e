/**
 * Live tests of the known hang signatures: real programs hung for real, diagnosed from outside,
 * with the verdict, the thread and the key frame's file:line checked against the fixture's own
 * {@code # hangs here} marker.
 */
package dev.hangdoctor.diagnosis.signatures;
