/**
 * The {@code hangdoctor} command line. One class per verb; this is the only package that prints or
 * exits, and {@link dev.hangdoctor.cli.ExitCode} is the one place exit codes are chosen.
 */
package dev.hangdoctor.cli;
