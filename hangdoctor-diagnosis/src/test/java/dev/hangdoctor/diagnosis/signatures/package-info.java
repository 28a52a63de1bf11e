/** Live tests of the hang signatures: real fixtures, hung for real, diagnosed from outside. */
package dev.hangdoctor.diagnosis.signatures;
