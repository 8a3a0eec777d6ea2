// LAPACK routines that VectorIndex needs, as exported by libopenblas (Fortran calling convention:
// every argument by pointer, trailing hidden string lengths omitted because the character arguments
// are single letters). Column-major storage.
#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H

/// Singular value decomposition A = U·diag(S)·Vᵀ by divide and conquer (single precision).
void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda,
             float *s, float *u, const int *ldu, float *vt, const int *ldvt,
             float *work, const int *lwork, int *iwork, int *info);

#endif
