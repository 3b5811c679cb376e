// Exposes Debian's netCDF C library (libnetcdf-dev) to Swift (StrataNetCDF only).
#ifndef STRATA_CNETCDF_SHIM_H
#define STRATA_CNETCDF_SHIM_H
#include <netcdf.h>
#endif
