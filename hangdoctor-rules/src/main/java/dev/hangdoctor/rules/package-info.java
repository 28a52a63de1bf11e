/**
 * The rule engine: a {@link dev.hangdoctor.rules.Rule} recognises one known hang signature in an
 * {@link dev.hangdoctor.evidence.Inspection}; the {@link dev.hangdoctor.rules.RuleEngine} runs them
 * all, ranks what they find, and says why a process looks healthy when nothing matches.
 */
package dev.hangdoctor.rules;
