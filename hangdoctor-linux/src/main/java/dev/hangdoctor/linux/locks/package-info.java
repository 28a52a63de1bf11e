/**
 * Who holds the lock a blocked thread waits for: the owner of a glibc {@code pthread_mutex_t}, read
 * from the waiting process's memory at the address its {@code futex} call names.
 */
package dev.hangdoctor.linux.locks;
