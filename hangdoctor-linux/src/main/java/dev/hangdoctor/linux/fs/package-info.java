/**
 * The single seam through which hangdoctor reads {@code /proc}: whole files, links and listings,
 * with failures classified as "target exited" or "permission denied".
 */
package dev.hangdoctor.linux.fs;
