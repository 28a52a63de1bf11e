/*
 * Three named threads in known kernel states, for checking thread readers against reality:
 *   pipe-reader  blocked in read() on a pipe whose write end stays open (wchan pipe_read)
 *   spinner      busy loop without syscalls (state R)
 *   sleeper      sleep() in a loop of long sleeps (wchan hrtimer_nanosleep)
 * The main thread waits in pause().
 * Prints "READY main_tid=.. pipe_tid=.. spin_tid=.. sleep_tid=.." once every thread has
 * reported its tid and the kernel shows the pipe reader in read and the sleeper in clock_nanosleep.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static sem_t reported;
static int pipe_fds[2];
static pid_t pipe_tid, spin_tid, sleep_tid;

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

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

static void announce(const char *name, pid_t *tid) {
    pthread_setname_np(pthread_self(), name);
    *tid = current_tid();
    sem_post(&reported);
}

static void *pipe_reader(void *arg) {
    (void)arg;
    char byte;
    announce("pipe-reader", &pipe_tid);
    for (;;) {
        if (read(pipe_fds[0], &byte, 1) < 0) {
            perror("read");
        }
    }
    return NULL;
}

static void *spinner(void *arg) {
    (void)arg;
    volatile unsigned long spins = 0;
    announce("spinner", &spin_tid);
    for (;;) {
        spins++;
    }
    return NULL;
}

static void *sleeper(void *arg) {
    (void)arg;
    announce("sleeper", &sleep_tid);
    for (;;) {
        sleep(3600);
    }
    return NULL;
}

static void start(void *(*body)(void *)) {
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, body, NULL);
    if (rc != 0) {
        fprintf(stderr, "pthread_create failed: %d\n", rc);
        exit(2);
    }
}

int main(void) {
    if (pipe(pipe_fds) != 0) {
        perror("pipe");
        return 2;
    }
    sem_init(&reported, 0, 0);
    start(pipe_reader);
    start(spinner);
    start(sleeper);
    for (int i = 0; i < 3; i++) {
        while (sem_wait(&reported) != 0) {
        }
    }
    await_blocked(getpid(), pipe_tid, SYS_read);
    await_blocked(getpid(), sleep_tid, SYS_clock_nanosleep);
    printf("READY main_tid=%d pipe_tid=%d spin_tid=%d sleep_tid=%d\n", current_tid(), pipe_tid,
           spin_tid, sleep_tid);
    fflush(stdout);
    for (;;) {
        pause();
    }
}
