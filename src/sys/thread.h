/*
 * thread.h: a thread of recoup's own beside a command's main thread (the
 * server's writer, http/write_gate.c; the daily run's reader, app/run.c).
 */
#ifndef RECOUP_SYS_THREAD_H
#define RECOUP_SYS_THREAD_H

#include <pthread.h>

/*
 * pthread_create for a thread that takes no signal: the process's signals
 * (SIGTERM in the server's sigwait, SIGINT for the CLI) stay its main
 * thread's. The new thread inherits a mask that blocks every signal; the
 * caller's own mask is as before. 0, or pthread_create's error number.
 */
int sys_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
