/** Results, totals, the text and JSON reports, and {@code corpus/expected.json}. */
package dev.hangdoctor.accuracy.report;
