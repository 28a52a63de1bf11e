/**
 * Machinery behind the testkit's public API: /proc reads for process identity, tree kills, output
 * capture, the cache for compiled targets. Not for use outside {@code dev.hangdoctor.testkit}; it
 * may change without notice.
 */
package dev.hangdoctor.testkit.internal;
