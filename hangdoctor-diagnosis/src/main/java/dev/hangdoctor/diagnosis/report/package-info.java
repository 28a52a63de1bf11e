/**
 * Diagnosis reports as files and documents: the text, JSON and Markdown tracker forms of a verdict,
 * and writing them so that a file is complete or absent.
 */
package dev.hangdoctor.diagnosis.report;
