/**
 * The known hang signatures, one class each, each documented in {@code docs/rules/<id>.md}. {@link
 * dev.hangdoctor.rules.signatures.KnownSignatures#all()} lists them in ranking order.
 */
package dev.hangdoctor.rules.signatures;
