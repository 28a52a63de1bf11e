/** Starting a case under the {@code start} contract, killing its tree, and taking one window. */
package dev.hangdoctor.accuracy.launch;
