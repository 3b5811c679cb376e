// Exposes Debian's SUNDIALS IDAS (DAEs) and CVODES (stiff ODEs), both with forward sensitivities, their serial vectors
// and dense linear solver to Swift.
#ifndef STRATA_CSUNDIALS_SHIM_H
#define STRATA_CSUNDIALS_SHIM_H
#include <idas/idas.h>
#include <cvodes/cvodes.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunlinsol/sunlinsol_dense.h>
#endif
