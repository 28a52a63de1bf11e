/*
 * A three-level process tree, stuck at every level:
 *   top         blocked in waitpid(child)
 *   child       blocked in waitpid(grandchild)
 *   grandchild  blocked in read() on a pipe whose write end it keeps open (wchan pipe_read);
 *               with the argument "relock", blocked relocking a pthread mutex it already holds
 * The grandchild tells the child it is about to block; the child passes the grandchild's pid to the
 * top, where a watcher thread prints "READY child=.. grandchild=.." once the kernel shows every
 * level blocked where it should be.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int relock;
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t child_pid, grandchild_pid;

/*
 * Returns once task TID of process PID sleeps in system call NR, seen in two reads of
 * /proc/PID/task/TID/syscall 100 ms apart: the proof that it is blocked there, not passing through.
 * Exits 3 after 60 s.
 */
static void await_blocked(pid_t pid, pid_t tid, long nr) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
    int seen = 0;
    for (int polls = 0; seen < 2; polls++) {
        long number = -1;
        FILE *f = fopen(path, "r");
        if (f != NULL) {
            if (fscanf(f, "%ld", &number) != 1) {
                number = -1;
            }
            fclose(f);
        }
        seen = number == nr ? seen + 1 : 0;
        if (seen < 2) {
            if (polls > 6000) {
                fprintf(stderr, "task %d never blocked in system call %ld\n", (int)tid, nr);
                exit(3);
            }
            usleep(seen ? 100000 : 10000);
        }
    }
}

static void *announce(void *arg) {
    (void)arg;
    await_blocked(getpid(), getpid(), SYS_wait4);
    await_blocked(child_pid, child_pid, SYS_wait4);
    await_blocked(grandchild_pid, grandchild_pid, relock ? SYS_futex : SYS_read);
    printf("READY child=%d grandchild=%d\n", (int)child_pid, (int)grandchild_pid);
    fflush(stdout);
    return NULL;
}

static void make_pipe(int fds[2]) {
    if (pipe(fds) != 0) {
        perror("pipe");
        exit(2);
    }
}

static void read_fully(int fd, void *buf, size_t len) {
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n <= 0) {
            fprintf(stderr, "tree: pipe closed early\n");
            exit(2);
        }
        p += n;
        len -= (size_t)n;
    }
}

static void write_fully(int fd, const void *buf, size_t len) {
    if (write(fd, buf, len) != (ssize_t)len) {
        perror("write");
        exit(2);
    }
}

static void grandchild(int to_child) {
    int stuck[2];
    char byte;
    make_pipe(stuck);
    if (relock) {
        pthread_mutex_lock(&journal_lock);
        write_fully(to_child, "g", 1);
        close(to_child);
        pthread_mutex_lock(&journal_lock); /* hangs here: the lock is not recursive */
    }
    write_fully(to_child, "g", 1);
    close(to_child);
    for (;;) {
        if (read(stuck[0], &byte, 1) < 0) {
            perror("read");
        }
    }
}

static void child(int to_top) {
    int from_grandchild[2];
    char byte;
    make_pipe(from_grandchild);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        close(from_grandchild[0]);
        close(to_top);
        grandchild(from_grandchild[1]);
    }
    close(from_grandchild[1]);
    read_fully(from_grandchild[0], &byte, 1);
    write_fully(to_top, &pid, sizeof pid);
    close(to_top);
    for (;;) {
        if (waitpid(pid, NULL, 0) == pid) {
            exit(0);
        }
    }
}

int main(int argc, char **argv) {
    int from_child[2];
    relock = argc > 1 && strcmp(argv[1], "relock") == 0;
    make_pipe(from_child);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        close(from_child[0]);
        child(from_child[1]);
    }
    close(from_child[1]);
    read_fully(from_child[0], &grandchild_pid, sizeof grandchild_pid);
    child_pid = pid;
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, announce, NULL) != 0) {
        perror("pthread_create");
        return 2;
    }
    for (;;) {
        if (waitpid(pid, NULL, 0) == pid) {
            return 0;
        }
    }
}
