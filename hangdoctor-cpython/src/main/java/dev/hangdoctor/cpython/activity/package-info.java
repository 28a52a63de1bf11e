/**
 * What each thread of a CPython process is doing beyond its stack, read from memory: the call each
 * frame makes, the callable a call into C targets, the {@code threading} locks each thread holds
 * and what it waits for (a lock, condition, event, queue, future, pool result or thread), each
 * object named the way the code names it.
 */
package dev.hangdoctor.cpython.activity;
