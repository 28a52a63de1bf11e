/*
 * A parent that collects its child's output only after the child exits: it forks a child whose
 * stdout is a pipe, then waitpid()s before reading. The child writes more than the pipe holds
 * (64 KiB) and blocks in write() (wchan anon_pipe_write), the parent in wait4 (do_wait).
 * Prints "READY child=PID" once the child runs.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPORT_BYTES (256 * 1024)

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
    printf("READY child=%d\n", pid);
    fflush(stdout);
    int status;
    waitpid(pid, &status, 0); /* the output is read only after this returns */
    char buffer[4096];
    while (read(output[0], buffer, sizeof buffer) > 0) {
    }
    return 0;
}
