/*
 * TCP sockets in known states, all inside this one process, around a listener on 127.0.0.1:
 *   sendq_fd       connecting side that wrote until EAGAIN to a peer that never reads
 *                  (send queue > 0)
 *   recvq_fd       accepted side holding exactly RECVQ_BYTES unread bytes (receive queue = 4242)
 *   close_wait_fds CLOSE_WAIT_COUNT accepted sockets whose clients closed; never closed here
 * Prints "READY listen_port=.. listen_fd=.. sendq_fd=.. recvq_fd=.. recvq_bytes=4242
 * close_wait=40 close_wait_fds=a,b,.." once the bytes have arrived and every CLOSE_WAIT
 * socket has seen the peer's FIN; then the main thread waits in pause().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECVQ_BYTES 4242
#define CLOSE_WAIT_COUNT 40
#define SETTLE_MILLIS 10000

static void die(const char *what) {
    fprintf(stderr, "sockets: %s: %s\n", what, strerror(errno));
    exit(2);
}

static int listener(struct sockaddr_in *addr) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof *addr;
    if (fd < 0) die("socket");
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)addr, sizeof *addr) != 0) die("bind");
    if (listen(fd, 128) != 0) die("listen");
    if (getsockname(fd, (struct sockaddr *)addr, &len) != 0) die("getsockname");
    return fd;
}

static void connect_pair(int listen_fd, const struct sockaddr_in *addr, int *client, int *server) {
    *client = socket(AF_INET, SOCK_STREAM, 0);
    if (*client < 0) die("socket");
    if (connect(*client, (const struct sockaddr *)addr, sizeof *addr) != 0) die("connect");
    *server = accept(listen_fd, NULL, NULL);
    if (*server < 0) die("accept");
}

static void fill_send_queue(int fd) {
    static char chunk[65536];
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) die("fcntl");
    for (long total = 0; total < (1L << 30);) {
        ssize_t n = write(fd, chunk, sizeof chunk);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0) die("write");
        total += n;
    }
    fprintf(stderr, "sockets: send queue never filled\n");
    exit(2);
}

static void pause_briefly(void) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
}

static void await_unread_bytes(int fd, int expected) {
    for (int waited = 0; waited < SETTLE_MILLIS; waited++) {
        int unread = 0;
        if (ioctl(fd, FIONREAD, &unread) != 0) die("ioctl(FIONREAD)");
        if (unread == expected) return;
        pause_briefly();
    }
    fprintf(stderr, "sockets: %d bytes never arrived\n", expected);
    exit(2);
}

static void await_peer_closed(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLRDHUP};
    int rc = poll(&p, 1, SETTLE_MILLIS);
    if (rc < 0) die("poll");
    if (rc == 0 || !(p.revents & POLLRDHUP)) {
        fprintf(stderr, "sockets: fd %d never saw the peer close\n", fd);
        exit(2);
    }
}

int main(void) {
    struct sockaddr_in addr;
    int listen_fd = listener(&addr);
    int sendq_fd, sendq_peer, recvq_client, recvq_fd;
    int close_wait_fds[CLOSE_WAIT_COUNT];
    static char payload[RECVQ_BYTES];

    connect_pair(listen_fd, &addr, &sendq_fd, &sendq_peer);
    fill_send_queue(sendq_fd);

    connect_pair(listen_fd, &addr, &recvq_client, &recvq_fd);
    memset(payload, 'x', sizeof payload);
    if (write(recvq_client, payload, sizeof payload) != RECVQ_BYTES) die("write");
    await_unread_bytes(recvq_fd, RECVQ_BYTES);

    for (int i = 0; i < CLOSE_WAIT_COUNT; i++) {
        int client;
        connect_pair(listen_fd, &addr, &client, &close_wait_fds[i]);
        close(client);
    }
    for (int i = 0; i < CLOSE_WAIT_COUNT; i++) {
        await_peer_closed(close_wait_fds[i]);
    }

    printf("READY listen_port=%d listen_fd=%d sendq_fd=%d recvq_fd=%d recvq_bytes=%d close_wait=%d "
           "close_wait_fds=",
           ntohs(addr.sin_port), listen_fd, sendq_fd, recvq_fd, RECVQ_BYTES, CLOSE_WAIT_COUNT);
    for (int i = 0; i < CLOSE_WAIT_COUNT; i++) {
        printf(i == 0 ? "%d" : ",%d", close_wait_fds[i]);
    }
    printf("\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}
