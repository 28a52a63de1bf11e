/**
 * Turns readers into evidence over time: takes samples over a window, derives what changed (CPU,
 * waits, queues, descriptors) and hands the result to renderers.
 */
package dev.hangdoctor.diagnosis;
