/** The corpus on disk: case folders and their {@code case.json}, read and checked. */
package dev.hangdoctor.accuracy.corpus;
