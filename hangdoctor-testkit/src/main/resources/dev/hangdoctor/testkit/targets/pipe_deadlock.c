/*
 * A parent that collects its child's output only after the child exits: it forks a child whose
 * stdout is a pipe, then waitpid()s before reading. The child writes more than the pipe holds
 * (64 KiB) and blocks in write() (wchan anon_pipe_write), the parent in wait4 (do_wait).
 * Prints "READY child=PID" once the kernel shows the parent in wait4 and the child blocked in
 * write (a watcher thread of the parent checks both).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPORT_BYTES (256 * 1024)

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

static pid_t child_pid;

static void *announce(void *arg) {
    (void)arg;
    await_blocked(getpid(), getpid(), SYS_wait4);
    await_blocked(child_pid, child_pid, SYS_write);
    printf("READY child=%d\n", (int)child_pid);
    fflush(stdout);
    return NULL;
}

static void write_report(int out) {
    static char report[REPORT_BYTES];
    memset(report, 'x', sizeof report);
    size_t done = 0;
    while (done < sizeof report) {
        ssize_t n = write(out, report + done, sizeof report - done); /* blocks when full */
        if (n < 0) {
            perror("write");
            exit(2);
        }
        done += (size_t)n;
    }
}

int main(void) {
    int output[2];
    if (pipe(output) != 0) {
        perror("pipe");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        close(output[0]);
        write_report(output[1]);
        _exit(0);
    }
    close(output[1]);
    child_pid = pid;
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, announce, NULL) != 0) {
        perror("pthread_create");
        return 2;
    }
    int status;
    waitpid(pid, &status, 0); /* the output is read only after this returns */
    char buffer[4096];
    while (read(output[0], buffer, sizeof buffer) > 0) {
    }
    return 0;
}
