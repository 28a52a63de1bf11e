/** What {@code hangdoctor ps} marks as worth inspecting, from two looks a settle time apart. */
package dev.hangdoctor.diagnosis.ps;
