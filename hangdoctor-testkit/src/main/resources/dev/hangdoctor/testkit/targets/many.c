/*
 * Scale target for benchmarks: "many THREADS SOCKETS".
 * Raises the soft RLIMIT_NOFILE to the hard limit (and fails if SOCKETS + 64 does not fit),
 * starts THREADS threads all blocked in read() on one pipe, and connects SOCKETS/2 loopback TCP
 * pairs through its own listener, keeping both ends open.
 * Prints "READY threads=.. sockets=.. listen_port=.." where sockets counts the connected socket
 * fds (2 * (SOCKETS/2)), once every thread has started; then the main thread waits in pause().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static sem_t started;
static int pipe_fds[2];

static void die(const char *what) {
    fprintf(stderr, "many: %s: %s\n", what, strerror(errno));
    exit(2);
}

static long parse_count(const char *text, const char *name) {
    char *end;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < 0) {
        fprintf(stderr, "many: %s must be a non-negative integer, got '%s'\n", name, text);
        exit(2);
    }
    return value;
}

static void raise_fd_limit(long sockets) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) die("getrlimit");
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) die("setrlimit");
    if (limit.rlim_max != RLIM_INFINITY && (rlim_t)(sockets + 64) > limit.rlim_max) {
        fprintf(stderr, "many: %ld sockets + 64 exceed the hard RLIMIT_NOFILE of %llu\n", sockets,
                (unsigned long long)limit.rlim_max);
        exit(2);
    }
}

static void *blocked_reader(void *arg) {
    (void)arg;
    char byte;
    sem_post(&started);
    for (;;) {
        if (read(pipe_fds[0], &byte, 1) < 0) {
            perror("read");
        }
    }
    return NULL;
}

static void start_threads(long count) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (long i = 0; i < count; i++) {
        pthread_t thread;
        int rc = pthread_create(&thread, &attr, blocked_reader, NULL);
        if (rc != 0) {
            fprintf(stderr, "many: pthread_create #%ld failed: %s\n", i, strerror(rc));
            exit(2);
        }
    }
    for (long i = 0; i < count; i++) {
        while (sem_wait(&started) != 0) {
        }
    }
}

static int open_listener(struct sockaddr_in *addr) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof *addr;
    if (fd < 0) die("socket");
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)addr, sizeof *addr) != 0) die("bind");
    if (listen(fd, SOMAXCONN) != 0) die("listen");
    if (getsockname(fd, (struct sockaddr *)addr, &len) != 0) die("getsockname");
    return fd;
}

static void connect_pairs(int listen_fd, const struct sockaddr_in *addr, long pairs) {
    for (long i = 0; i < pairs; i++) {
        int client = socket(AF_INET, SOCK_STREAM, 0);
        if (client < 0) die("socket");
        if (connect(client, (const struct sockaddr *)addr, sizeof *addr) != 0) die("connect");
        if (accept(listen_fd, NULL, NULL) < 0) die("accept");
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: many THREADS SOCKETS\n");
        return 2;
    }
    long threads = parse_count(argv[1], "THREADS");
    long sockets = parse_count(argv[2], "SOCKETS");
    struct sockaddr_in addr;
    raise_fd_limit(sockets);
    if (pipe(pipe_fds) != 0) die("pipe");
    sem_init(&started, 0, 0);
    start_threads(threads);
    int listen_fd = open_listener(&addr);
    connect_pairs(listen_fd, &addr, sockets / 2);
    printf("READY threads=%ld sockets=%ld listen_port=%d\n", threads, 2 * (sockets / 2),
           ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        pause();
    }
}
