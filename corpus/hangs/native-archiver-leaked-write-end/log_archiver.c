/*
 * Nightly log archiver: splits the day's log into an events archive and a metrics archive, each
 * compressed by its own gzip process fed through a pipe, then closes each archive and checks that
 * its compressor succeeded.
 *
 * Usage: log_archiver INPUT_LOG OUTPUT_DIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct archive {
    pid_t pid;
    FILE *in;
    const char *path;
};

static int archive_open(struct archive *a, const char *path)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pipefd[0], STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        close(out);
        execlp("gzip", "gzip", "-c", "-6", (char *)NULL);
        _exit(127);
    }
    close(pipefd[0]);
    close(out);
    a->pid = pid;
    a->in = fdopen(pipefd[1], "w");
    a->path = path;
    return 0;
}

static int archive_close(struct archive *a)
{
    int status;
    fclose(a->in);
    while (waitpid(a->pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "archiver: compressing %s failed\n", a->path);
        return -1;
    }
    fprintf(stderr, "archiver: %s written\n", a->path);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s INPUT_LOG OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    char events_path[4096], metrics_path[4096];
    snprintf(events_path, sizeof events_path, "%s/events.log.gz", argv[2]);
    snprintf(metrics_path, sizeof metrics_path, "%s/metrics.log.gz", argv[2]);

    struct archive events, metrics;
    if (archive_open(&events, events_path) != 0 || archive_open(&metrics, metrics_path) != 0) {
        perror("archiver: cannot start gzip");
        return 1;
    }
    FILE *input = fopen(argv[1], "r");
    if (!input) {
        perror(argv[1]);
        return 1;
    }
    char line[8192];
    long lines = 0;
    while (fgets(line, sizeof line, input)) {
        fputs(line, strncmp(line, "metric ", 7) == 0 ? metrics.in : events.in);
        lines++;
    }
    fclose(input);
    fprintf(stderr, "archiver: %ld lines split, closing archives\n", lines);
    int failed = archive_close(&events) != 0;
    failed |= archive_close(&metrics) != 0;
    return failed;
}
