/*
 * Metrics relay: accepts TCP connections from the application hosts, reads `name:value|c` lines
 * and keeps the counters; `DUMP` returns them. One thread, one epoll loop; when nobody sends
 * anything the daemon sleeps in epoll_wait() until someone does.
 *
 * Usage: statsd_lite PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_COUNTERS 256

struct counter {
    char name[64];
    long value;
};

static struct counter counters[MAX_COUNTERS];
static int ncounters;

static void count(const char *name, long value)
{
    for (int i = 0; i < ncounters; i++) {
        if (strcmp(counters[i].name, name) == 0) {
            counters[i].value += value;
            return;
        }
    }
    if (ncounters < MAX_COUNTERS) {
        snprintf(counters[ncounters].name, sizeof counters[ncounters].name, "%s", name);
        counters[ncounters++].value = value;
    }
}

static void handle_line(int fd, char *line)
{
    if (strcmp(line, "DUMP") == 0) {
        char out[64 * 1024];
        size_t used = 0;
        for (int i = 0; i < ncounters; i++)
            used += snprintf(out + used, sizeof out - used, "%s %ld\n", counters[i].name, counters[i].value);
        used += snprintf(out + used, sizeof out - used, "END\n");
        if (write(fd, out, used) < 0)
            perror("write");
        return;
    }
    char *colon = strchr(line, ':');
    char *bar = colon ? strchr(colon, '|') : NULL;
    if (!colon || !bar)
        return;
    *colon = '\0';
    count(line, strtol(colon + 1, NULL, 10));
}

static int serve(int port)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 64) != 0) {
        perror("statsd_lite: bind");
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    fprintf(stderr, "statsd_lite: listening on 127.0.0.1:%d\n", port);

    struct epoll_event events[64];
    char buffers[1024][512];
    size_t filled[1024] = {0};
    for (;;) {
        int n = epoll_wait(ep, events, 64, -1);
        if (n < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int client = accept(listener, NULL, NULL);
                if (client >= 0 && client < 1024) {
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = client};
                    epoll_ctl(ep, EPOLL_CTL_ADD, client, &cev);
                    filled[client] = 0;
                } else if (client >= 0) {
                    close(client);
                }
                continue;
            }
            ssize_t got = read(fd, buffers[fd] + filled[fd], sizeof buffers[fd] - filled[fd] - 1);
            if (got <= 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
                continue;
            }
            filled[fd] += got;
            buffers[fd][filled[fd]] = '\0';
            char *line = buffers[fd], *newline;
            while ((newline = strchr(line, '\n')) != NULL) {
                *newline = '\0';
                handle_line(fd, line);
                line = newline + 1;
            }
            filled[fd] = strlen(line);
            memmove(buffers[fd], line, filled[fd] + 1);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    return serve(atoi(argv[1]));
}
