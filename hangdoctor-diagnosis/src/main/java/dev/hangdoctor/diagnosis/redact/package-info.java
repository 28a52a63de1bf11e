/**
 * Keeps secrets out of reports: one pure {@code Redactor} for command lines and free text, applied
 * to evidence where it is read and to every report where it is made.
 */
package dev.hangdoctor.diagnosis.redact;
