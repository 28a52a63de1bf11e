/**
 * HotSpot's dynamic-attach protocol on Linux, in pure Java: find (or trigger) the JVM's listener
 * socket in its mount and PID namespaces, check it as the JDK's own client does, send a v1 or v2
 * request and read the reply, every step under a deadline. Requests and replies are encoded and
 * parsed by pure functions ({@code AttachRequest}, {@code AttachReplyParser}); {@code AttachClient}
 * touches the OS.
 */
package dev.hangdoctor.jvm.attach;
