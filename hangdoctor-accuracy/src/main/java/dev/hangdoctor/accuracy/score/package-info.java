/** Scoring one diagnosis window against a case's truth (pure functions over the JSON report). */
package dev.hangdoctor.accuracy.score;
