/*
 * Job server: accepts TCP connections, reads one job name per line and hands each job to a small
 * pool of worker threads (one by default) through a queue guarded by a mutex and a condition variable. Workers wait
 * for the queue to be non-empty (a predicate loop), so an early signal is never lost. A janitor
 * thread prunes finished-job records once a second.
 *
 * Usage: job_server PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WORKERS 1
#define QUEUE_SIZE 64

struct job_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty;
    char jobs[QUEUE_SIZE][64];
    int head, tail, count;
    long done;
};

static struct job_queue queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static void run_job(const char *name)
{
    unsigned long h = 5381;
    for (int round = 0; round < 2000; round++)
        for (const char *p = name; *p; p++)
            h = h * 33 + (unsigned char)*p;
    fprintf(stderr, "job %s done (%lx)\n", name, h);
}

static void *worker(void *arg)
{
    char name[16], job[64];
    snprintf(name, sizeof name, "worker-%ld", (long)arg);
    pthread_setname_np(pthread_self(), name);
    for (;;) {
        pthread_mutex_lock(&queue.lock);
        while (queue.count == 0)
            pthread_cond_wait(&queue.not_empty, &queue.lock);
        memcpy(job, queue.jobs[queue.head], sizeof job);
        queue.head = (queue.head + 1) % QUEUE_SIZE;
        queue.count--;
        pthread_mutex_unlock(&queue.lock);
        run_job(job);
        pthread_mutex_lock(&queue.lock);
        queue.done++;
        pthread_mutex_unlock(&queue.lock);
    }
    return NULL;
}

static void *janitor(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "janitor");
    for (;;) {
        sleep(1);
        pthread_mutex_lock(&queue.lock);
        long done = queue.done;
        pthread_mutex_unlock(&queue.lock);
        if (done > 1000)
            fprintf(stderr, "janitor: %ld jobs done\n", done);
    }
    return NULL;
}

static int submit(const char *job)
{
    pthread_mutex_lock(&queue.lock);
    if (queue.count == QUEUE_SIZE) {
        pthread_mutex_unlock(&queue.lock);
        return -1;
    }
    snprintf(queue.jobs[queue.tail], sizeof queue.jobs[0], "%s", job);
    queue.tail = (queue.tail + 1) % QUEUE_SIZE;
    queue.count++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
    return 0;
}

static void serve(int client)
{
    FILE *in = fdopen(dup(client), "r");
    char line[64];
    while (in && fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        dprintf(client, submit(line) == 0 ? "queued %s\n" : "busy %s\n", line);
    }
    if (in)
        fclose(in);
    close(client);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    pthread_t threads[WORKERS + 1];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, worker, (void *)i);
    pthread_create(&threads[WORKERS], NULL, janitor, NULL);

    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 16) != 0) {
        perror("job_server: bind/listen");
        return 1;
    }
    fprintf(stderr, "job_server: listening on port %s with %d workers\n", argv[1], WORKERS);
    for (;;) {
        int client = accept(server, NULL, NULL);
        if (client >= 0)
            serve(client);
    }
}
