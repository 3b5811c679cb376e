// Exposes Debian's OpenBLAS CBLAS interface and LAPACKE to Swift (StrataLinearAlgebra only).
#ifndef STRATA_COPENBLAS_SHIM_H
#define STRATA_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
