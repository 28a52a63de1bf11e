/** What the Linux kernel says about any process, read from {@code /proc}. */
package dev.hangdoctor.linux;
