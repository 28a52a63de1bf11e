/**
 * HTTP probes that say where a request stalled (DNS, connect, TLS, first byte, body), the local
 * process behind a failing probe and its diagnosis, and the watch loop that turns K failed checks
 * in a row into one evidence bundle per incident. Prints nothing: the CLI renders what it returns.
 */
package dev.hangdoctor.probe;
