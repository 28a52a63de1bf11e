/* Starts a detached pthread that calls a function pointer: a thread Python did not create,
 * entering Python through a ctypes callback (oracle_target.py). */
#include <pthread.h>

typedef void (*callback_t)(void);

static void *run(void *arg) {
  ((callback_t)arg)();
  return 0;
}

int start_thread(callback_t callback) {
  pthread_t thread;
  int rc = pthread_create(&thread, 0, run, (void *)callback);
  if (rc == 0) {
    pthread_detach(thread);
  }
  return rc;
}
