/*
 * Repository publisher: hashes and uploads the changed files of a publish transaction. The main
 * thread submits one job per file; the upload loop thread processes jobs as they are submitted
 * and stops once the transaction is committed and every job is done.
 *
 * Usage: publisher FILE...
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS 4096

struct job {
    const char *path;
    uint64_t digest;
};

struct session {
    struct job jobs[MAX_JOBS];
    atomic_int submitted;
    atomic_int committed;
    int processed;
};

static uint64_t hash_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint64_t h = 1469598103934665603ULL;
    if (!f)
        return 0;
    int c;
    while ((c = fgetc(f)) != EOF)
        h = (h ^ (uint64_t)c) * 1099511628211ULL;
    fclose(f);
    return h;
}

static void *upload_loop(void *arg)
{
    struct session *s = arg;
    pthread_setname_np(pthread_self(), "upload-loop");
    while (!atomic_load(&s->committed) || s->processed < atomic_load(&s->submitted)) {
        if (s->processed < atomic_load(&s->submitted)) {
            struct job *job = &s->jobs[s->processed];
            job->digest = hash_file(job->path);
            s->processed++;
            fprintf(stderr, "upload: %s %016llx\n", job->path, (unsigned long long)job->digest);
        }
    }
    return NULL;
}

static int submit(struct session *s, const char *path)
{
    int n = atomic_load(&s->submitted);
    if (n == MAX_JOBS)
        return -1;
    s->jobs[n].path = path;
    atomic_store(&s->submitted, n + 1);
    return 0;
}

static int wait_for_uploads(struct session *s, pthread_t loop)
{
    void *result;
    fprintf(stderr, "publish: %d files submitted, waiting for uploads\n", atomic_load(&s->submitted));
    return pthread_join(loop, &result);
}

int main(int argc, char **argv)
{
    static struct session session;
    pthread_t loop;
    pthread_create(&loop, NULL, upload_loop, &session);
    for (int i = 1; i < argc; i++)
        submit(&session, argv[i]);
    wait_for_uploads(&session, loop);
    atomic_store(&session.committed, 1);
    fprintf(stderr, "publish: transaction committed\n");
    return 0;
}
