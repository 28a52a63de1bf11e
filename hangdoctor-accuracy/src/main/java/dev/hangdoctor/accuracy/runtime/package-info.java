/** The CPythons, the native runtime and the JDKs the corpus runs on. */
package dev.hangdoctor.accuracy.runtime;
