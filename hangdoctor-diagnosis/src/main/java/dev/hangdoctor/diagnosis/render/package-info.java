/** Renders evidence for people (aligned text) and for programs (JSON with a schema version). */
package dev.hangdoctor.diagnosis.render;
