/*
 * A tracer holding another process in a tracing stop, as a debugger at its prompt does:
 *   tracer PID   attaches to every thread of PID with ptrace(PTRACE_ATTACH), waits until each
 *                has stopped (state "t"), prints "READY tracer=<own pid> tracee=PID threads=N"
 *                and then waits in pause() until it is killed, which detaches.
 * Exits 2 with a message when an attach is refused (not root, Yama ptrace_scope).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int attach(pid_t tid) {
    if (ptrace(PTRACE_ATTACH, tid, NULL, NULL) != 0) {
        fprintf(stderr, "tracer: PTRACE_ATTACH %d: %s\n", tid, strerror(errno));
        return -1;
    }
    int status;
    if (waitpid(tid, &status, __WALL) != tid || !WIFSTOPPED(status)) {
        fprintf(stderr, "tracer: %d did not stop\n", tid);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: tracer PID\n");
        return 2;
    }
    pid_t tracee = (pid_t)atoi(argv[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", tracee);
    DIR *tasks = opendir(path);
    if (tasks == NULL) {
        fprintf(stderr, "tracer: %s: %s\n", path, strerror(errno));
        return 2;
    }
    int threads = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        if (attach((pid_t)atoi(entry->d_name)) != 0) {
            return 2;
        }
        threads++;
    }
    closedir(tasks);
    printf("READY tracer=%d tracee=%d threads=%d\n", getpid(), tracee, threads);
    fflush(stdout);
    for (;;) {
        pause();
    }
}
