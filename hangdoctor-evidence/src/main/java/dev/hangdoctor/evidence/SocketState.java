package dev.hangdoctor.evidence;

/**
 * Connection state of a socket: the TCP states (numbered as in the kernel's {@code tcp_states.h},
 * which also serve connected and unconnected UDP sockets) plus the states of a Unix socket.
 */
public enum SocketState {
  ESTABLISHED,
  SYN_SENT,
  SYN_RECV,
  FIN_WAIT1,
  FIN_WAIT2,
  TIME_WAIT,
  CLOSE,
  CLOSE_WAIT,
  LAST_ACK,
  LISTEN,
  CLOSING,
  NEW_SYN_RECV,
  UNCONNECTED,
  CONNECTING,
  CONNECTED,
  DISCONNECTING,
  UNKNOWN
}
