/*
 * File watcher for the static site builder: a watcher thread scans the source tree for changes
 * and triggers rebuilds; the main thread starts it, waits until its scan loop is running, then
 * opens the build log and serves rebuild requests.
 *
 * Usage: fswatch SOURCE_DIR BUILD_LOG
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct watcher {
    const char *root;
    pthread_mutex_t lock;
    pthread_cond_t started;
    time_t newest;
    long scans;
};

static time_t newest_mtime(const char *root)
{
    time_t newest = 0;
    DIR *dir = opendir(root);
    if (!dir)
        return 0;
    struct dirent *entry;
    char path[4096];
    while ((entry = readdir(dir)) != NULL) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", root, entry->d_name);
        if (entry->d_name[0] != '.' && stat(path, &st) == 0 && st.st_mtime > newest)
            newest = st.st_mtime;
    }
    closedir(dir);
    return newest;
}

static void *watch_loop(void *arg)
{
    struct watcher *w = arg;
    pthread_setname_np(pthread_self(), "fs-watcher");
    pthread_mutex_lock(&w->lock);
    pthread_cond_signal(&w->started);
    pthread_mutex_unlock(&w->lock);
    w->newest = newest_mtime(w->root);
    for (;;) {
        time_t newest = newest_mtime(w->root);
        pthread_mutex_lock(&w->lock);
        if (newest > w->newest) {
            w->newest = newest;
            fprintf(stderr, "watcher: change detected, rebuilding\n");
        }
        w->scans++;
        pthread_mutex_unlock(&w->lock);
        usleep(100 * 1000);
    }
    return NULL;
}

static void load_site_config(const char *root)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/site.conf", root);
    FILE *f = fopen(path, "r");
    char line[512];
    int entries = 0;
    while (f && fgets(line, sizeof line, f))
        entries++;
    if (f)
        fclose(f);
    fprintf(stderr, "fswatch: %d config entries read from %s\n", entries, path);
}

static int count_pages(const char *root)
{
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/content", root);
    DIR *dir = opendir(path);
    int pages = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) != NULL) {
        if (!strstr(entry->d_name, ".md"))
            continue;
        snprintf(path, sizeof path, "%s/content/%s", root, entry->d_name);
        FILE *f = fopen(path, "r");
        if (f && fgets(line, sizeof line, f) && line[0] == '#')
            pages++;
        if (f)
            fclose(f);
    }
    if (dir)
        closedir(dir);
    return pages;
}

static void start_watcher(struct watcher *w, pthread_t *thread)
{
    pthread_mutex_lock(&w->lock);
    pthread_create(thread, NULL, watch_loop, w);
    pthread_mutex_unlock(&w->lock);
    load_site_config(w->root);
    fprintf(stderr, "fswatch: %d pages in %s/content\n", count_pages(w->root), w->root);
    pthread_mutex_lock(&w->lock);
    pthread_cond_wait(&w->started, &w->lock);
    pthread_mutex_unlock(&w->lock);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOURCE_DIR BUILD_LOG\n", argv[0]);
        return 2;
    }
    static struct watcher w;
    w.root = argv[1];
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.started, NULL);
    pthread_t thread;
    fprintf(stderr, "fswatch: watching %s\n", w.root);
    start_watcher(&w, &thread);
    FILE *log = fopen(argv[2], "a");
    fprintf(stderr, "fswatch: ready, build log %s\n", argv[2]);
    for (;;) {
        pthread_mutex_lock(&w.lock);
        long scans = w.scans;
        pthread_mutex_unlock(&w.lock);
        if (log) {
            fprintf(log, "scans %ld\n", scans);
            fflush(log);
        }
        sleep(5);
    }
}
