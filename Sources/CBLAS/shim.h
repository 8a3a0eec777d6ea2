#include <cblas.h>

/// OpenBLAS's own (exported by its pthreads build, used by its fork handler): joins its worker
/// threads. The next call that sets the thread count starts them again.
int blas_thread_shutdown_(void);

/// One BLAS thread, and OpenBLAS's worker threads stopped.
///
/// OpenBLAS starts a worker per core when the library loads, and an idle worker spins on
/// `sched_yield` for about 2^28 cycles (~0.1 s) before it sleeps: in a short command such as
/// `litsearch query TEXT` that is the other core taken from the process's own threads for its
/// whole life. litsearch runs every BLAS call on one thread (its loops do their own threading),
/// so it needs no workers. Setting the count comes first: setting it restarts stopped workers.
static inline void litsearch_single_threaded_blas(void) {
    if (openblas_get_num_threads() != 1) openblas_set_num_threads(1);
    blas_thread_shutdown_();
}
