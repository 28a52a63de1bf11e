/*
 * Telemetry gateway: forwards measurements from the field bus to the control centre over one
 * IEC 60870-5-104 style connection. The sender thread queues every measurement as an ASDU and
 * remembers it until the control centre acknowledges it; the connection thread handles the
 * protocol timers (t1: unacknowledged ASDUs, t3: idle test frames).
 *
 * Usage: iec104_gateway STATUS_FILE
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SENT 64

struct sent_asdu {
    int seq;
    struct timespec sent_at;
};

struct connection {
    pthread_mutex_t state_lock;      /* connection state and sequence numbers */
    pthread_mutex_t sent_asdus_lock; /* the ring of unacknowledged ASDUs */
    int send_seq;
    int ack_seq;
    int open;
    struct sent_asdu sent[MAX_SENT];
    int sent_count;
    long frames_out;
};

static struct connection conn;
static atomic_long measurements;

static void note_sent(struct connection *c, int seq)
{
    pthread_mutex_lock(&c->sent_asdus_lock);
    if (c->sent_count == MAX_SENT) {
        memmove(c->sent, c->sent + 1, sizeof(c->sent[0]) * (MAX_SENT - 1));
        c->sent_count--;
    }
    c->sent[c->sent_count].seq = seq;
    clock_gettime(CLOCK_MONOTONIC, &c->sent[c->sent_count].sent_at);
    c->sent_count++;
    pthread_mutex_unlock(&c->sent_asdus_lock);
}

static int send_asdu(struct connection *c, const char *type, double value)
{
    pthread_mutex_lock(&c->state_lock);
    if (!c->open) {
        pthread_mutex_unlock(&c->state_lock);
        return -1;
    }
    int seq = c->send_seq;
    c->send_seq = (c->send_seq + 1) % 32768;
    c->frames_out++;
    (void)type;
    (void)value;
    note_sent(c, seq);
    pthread_mutex_unlock(&c->state_lock);
    return seq;
}

static void handle_timeouts(struct connection *c)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&c->sent_asdus_lock);
    int acknowledged = 0;
    while (acknowledged < c->sent_count && now.tv_sec - c->sent[acknowledged].sent_at.tv_sec >= 0)
        acknowledged++;
    if (acknowledged > 0) {
        pthread_mutex_lock(&c->state_lock);
        c->ack_seq = c->sent[acknowledged - 1].seq;
        pthread_mutex_unlock(&c->state_lock);
        memmove(c->sent, c->sent + acknowledged, sizeof(c->sent[0]) * (c->sent_count - acknowledged));
        c->sent_count -= acknowledged;
    }
    pthread_mutex_unlock(&c->sent_asdus_lock);
}

static void *connection_thread(void *arg)
{
    struct connection *c = arg;
    pthread_setname_np(pthread_self(), "con-handler");
    for (;;) {
        handle_timeouts(c);
        usleep(200);
    }
    return NULL;
}

static void *sender_thread(void *arg)
{
    struct connection *c = arg;
    pthread_setname_np(pthread_self(), "asdu-sender");
    for (long n = 0;; n++) {
        if (send_asdu(c, "M_ME_NC_1", (double)(n % 1000) / 10.0) >= 0)
            atomic_fetch_add(&measurements, 1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *status_file = argc > 1 ? argv[1] : "gateway.status";
    pthread_mutex_init(&conn.state_lock, NULL);
    pthread_mutex_init(&conn.sent_asdus_lock, NULL);
    conn.open = 1;

    pthread_t con, sender;
    pthread_create(&con, NULL, connection_thread, &conn);
    pthread_create(&sender, NULL, sender_thread, &conn);
    fprintf(stderr, "gateway: connection to control centre open\n");

    for (;;) {
        FILE *f = fopen(status_file, "w");
        if (f) {
            fprintf(f, "measurements %ld\n", atomic_load(&measurements));
            fclose(f);
        }
        sleep(1);
    }
}
