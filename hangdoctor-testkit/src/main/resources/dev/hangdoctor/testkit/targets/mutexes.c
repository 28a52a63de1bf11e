/*
 * Two accounts, each guarded by a pthread mutex, and two transfers that lock them in opposite
 * orders.
 *   mutexes deadlock    "transfer-ab" holds A and waits for B, "transfer-ba" holds B and waits
 *                       for A (ABBA); main joins them.
 *   mutexes long-wait   "auditor" holds B and sleeps; "transfer-ab" holds A and waits for B;
 *                       main joins.
 * Prints "READY ab=TID other=TID a=0xADDR b=0xADDR" (other: transfer-ba or auditor) once every
 * thread has taken its first lock and the kernel shows each blocked where the mode puts it (in
 * futex for a second lock, in clock_nanosleep for the auditor).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account a = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account b = {PTHREAD_MUTEX_INITIALIZER, 100};
static pthread_barrier_t all_locked;
static pid_t tids[2];

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

static void transfer(struct account *from, struct account *to, long amount, int slot) {
    tids[slot] = (pid_t)syscall(SYS_gettid);
    pthread_mutex_lock(&from->lock);
    pthread_barrier_wait(&all_locked);
    pthread_mutex_lock(&to->lock); /* hangs here */
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void *transfer_ab(void *arg) {
    (void)arg;
    pthread_setname_np(pthread_self(), "transfer-ab");
    transfer(&a, &b, 10, 0);
    return NULL;
}

static void *transfer_ba(void *arg) {
    (void)arg;
    pthread_setname_np(pthread_self(), "transfer-ba");
    transfer(&b, &a, 20, 1);
    return NULL;
}

static void *auditor(void *arg) {
    (void)arg;
    pthread_setname_np(pthread_self(), "auditor");
    tids[1] = (pid_t)syscall(SYS_gettid);
    pthread_mutex_lock(&b.lock);
    pthread_barrier_wait(&all_locked);
    for (;;) {
        sleep(60); /* audits at leisure, holding the lock */
    }
    return NULL;
}

int main(int argc, char **argv) {
    int deadlock = argc < 2 || strcmp(argv[1], "long-wait") != 0;
    pthread_t first, second;
    pthread_barrier_init(&all_locked, NULL, 3);
    if (pthread_create(&first, NULL, transfer_ab, NULL) != 0
        || pthread_create(&second, NULL, deadlock ? transfer_ba : auditor, NULL) != 0) {
        perror("pthread_create");
        return 2;
    }
    pthread_barrier_wait(&all_locked);
    await_blocked(getpid(), tids[0], SYS_futex);
    await_blocked(getpid(), tids[1], deadlock ? SYS_futex : SYS_clock_nanosleep);
    printf("READY ab=%d other=%d a=%p b=%p\n", tids[0], tids[1], (void *)&a.lock, (void *)&b.lock);
    fflush(stdout);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    return 0;
}
