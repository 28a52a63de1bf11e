/*
 * A healthy daemon: a "housekeeper" thread wakes every second to tidy up, and the main thread
 * waits for signals in pause(). Prints "READY housekeeper=TID".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t housekeeper_tid;
static long tidied;

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
    printf("READY housekeeper=%d\n", (int)housekeeper_tid);
    fflush(stdout);
    for (;;) {
        pause();
    }
}
