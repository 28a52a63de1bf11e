/*
 * A healthy daemon: a "housekeeper" thread wakes every second to tidy up, and the main thread
 * waits for signals in pause(). Prints "READY housekeeper=TID" once the housekeeper sleeps.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t housekeeper_tid;
static long tidied;

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

static void *housekeeper(void *arg) {
    (void)arg;
    pthread_setname_np(pthread_self(), "housekeeper");
    housekeeper_tid = (sig_atomic_t)syscall(SYS_gettid);
    for (;;) {
        tidied++;
        sleep(1);
    }
    return NULL;
}

int main(void) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, housekeeper, NULL) != 0) {
        perror("pthread_create");
        return 2;
    }
    while (housekeeper_tid == 0) {
        usleep(1000);
    }
    await_blocked(getpid(), (pid_t)housekeeper_tid, SYS_clock_nanosleep);
    printf("READY housekeeper=%d\n", (int)housekeeper_tid);
    fflush(stdout);
    for (;;) {
        pause();
    }
}
