/* A process-wide pool of worker threads that spin for a while after each
 * run before they sleep, as OpenMP's do: back-to-back runs (a network's
 * layers, a benchmark's repeats) then start on every worker at once, where
 * waking a sleeping thread costs 20–30 µs, 5–8% of a 0.4 ms convolution.
 *
 * Each pool thread has a slot of its own: the caller writes the task into
 * the slots of the workers a run needs, bumps their generations and wakes
 * those that sleep; each worker runs the task and publishes the generation
 * it finished. Threads a run does not need are not touched. One run at a
 * time: a caller that finds the pool busy (a nested or concurrent run) is
 * told so and runs its work elsewhere. A child process after fork starts
 * threads of its own. */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>

/* The most threads the pool starts; callers asking for more are refused. */
#define WR_POOL_MAX 64
/* How long an idle worker spins before it sleeps. */
#define WR_POOL_SPIN_SECONDS 2e-4
/* Spins between clock reads. */
#define WR_POOL_SPIN_ROUND 256

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* Written by the caller under `lock`, read by the worker after it sees
     * a new generation (acquire). */
    wr_pool_task task;
    void *context;
    long generation; /* atomic: bumped for every run this worker joins */
    long finished;   /* atomic: the generation the worker last completed */
    int sleeping;    /* under `lock` */
} wr_pool_slot;

static wr_pool_slot slots[WR_POOL_MAX];
static int started; /* atomic: pool threads running (slots 1 … started) */
static int busy;    /* atomic: a run is in progress */

static void pause_briefly(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Waits until *value differs from `seen` (acquire), spinning for up to
 * WR_POOL_SPIN_SECONDS, then sleeping on the slot's condition variable. */
static long wait_for_change(wr_pool_slot *slot, const long *value, long seen)
{
    double deadline = 0;
    for (unsigned spins = 1;; spins++) {
        long now = __atomic_load_n(value, __ATOMIC_ACQUIRE);
        if (now != seen) return now;
        pause_briefly();
        if (spins % WR_POOL_SPIN_ROUND == 0) {
            double t = wr_seconds_now();
            if (deadline == 0) {
                deadline = t + WR_POOL_SPIN_SECONDS;
            } else if (t > deadline) {
                break;
            }
        }
    }
    pthread_mutex_lock(&slot->lock);
    slot->sleeping = 1;
    long now;
    while ((now = __atomic_load_n(value, __ATOMIC_ACQUIRE)) == seen) pthread_cond_wait(&slot->wake, &slot->lock);
    slot->sleeping = 0;
    pthread_mutex_unlock(&slot->lock);
    return now;
}

static void *worker_main(void *argument)
{
    wr_pool_slot *slot = argument;
    long seen = 0;
    for (;;) {
        seen = wait_for_change(slot, &slot->generation, seen);
        slot->task(slot->context, (int)(slot - slots));
        __atomic_store_n(&slot->finished, seen, __ATOMIC_RELEASE);
    }
    return NULL;
}

/* In a child after fork only the forking thread exists: forget the pool's
 * threads, so the next run starts new ones instead of waiting forever for
 * threads that are not there. */
static void forget_threads_after_fork(void)
{
    __atomic_store_n(&started, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&busy, 0, __ATOMIC_RELAXED);
}

static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;

static void register_fork_handler(void) { pthread_atfork(NULL, NULL, forget_threads_after_fork); }

/* Starts pool threads until slots 1 … workers − 1 have one; the caller
 * holds `busy`. Returns how many are running. */
static int grow(int workers)
{
    pthread_once(&fork_handler_once, register_fork_handler);
    int count = __atomic_load_n(&started, __ATOMIC_ACQUIRE);
    if (count >= workers - 1) return count;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    /* The threads start with the asynchronous signals blocked, so they
     * reach the application's own threads, and faults and aborts open, so
     * their handlers run: set whatever mask the creating thread has (a new
     * thread inherits it; Dispatch's block SIGABRT), and restore it after. */
    sigset_t blocked, previous;
    sigfillset(&blocked);
    sigdelset(&blocked, SIGSEGV);
    sigdelset(&blocked, SIGBUS);
    sigdelset(&blocked, SIGFPE);
    sigdelset(&blocked, SIGILL);
    sigdelset(&blocked, SIGTRAP);
    sigdelset(&blocked, SIGABRT);
    pthread_sigmask(SIG_SETMASK, &blocked, &previous);
    while (count < workers - 1) {
        wr_pool_slot *slot = &slots[count + 1];
        slot->generation = 0;
        slot->finished = 0;
        slot->sleeping = 0;
        pthread_mutex_init(&slot->lock, NULL);
        pthread_cond_init(&slot->wake, NULL);
        pthread_t thread;
        if (pthread_create(&thread, &attributes, worker_main, slot) != 0) break;
        count += 1;
        __atomic_store_n(&started, count, __ATOMIC_RELEASE);
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    return count;
}

int wr_pool_run(int workers, wr_pool_task task, void *context)
{
    if (workers < 1 || workers > WR_POOL_MAX) return 0;
    int expected = 0;
    if (!__atomic_compare_exchange_n(&busy, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return 0;
    if (grow(workers) < workers - 1) {
        __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
        return 0;
    }
    for (int w = 1; w < workers; w++) {
        wr_pool_slot *slot = &slots[w];
        pthread_mutex_lock(&slot->lock);
        slot->task = task;
        slot->context = context;
        __atomic_store_n(&slot->generation, __atomic_load_n(&slot->generation, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
        if (slot->sleeping) pthread_cond_signal(&slot->wake);
        pthread_mutex_unlock(&slot->lock);
    }
    task(context, 0);
    for (int w = 1; w < workers; w++) {
        wr_pool_slot *slot = &slots[w];
        long target = __atomic_load_n(&slot->generation, __ATOMIC_RELAXED);
        for (unsigned spins = 1; __atomic_load_n(&slot->finished, __ATOMIC_ACQUIRE) != target; spins++) {
            pause_briefly();
            if (spins % 4096 == 0) sched_yield();
        }
    }
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
    return 1;
}
