/**
 * Helpers shared by the rules and the engine: reading the user's own frame out of a Python stack,
 * what a blocked system call waits on, and short evidence wording. Not API.
 */
package dev.hangdoctor.rules.internal;
