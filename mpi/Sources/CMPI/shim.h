/* MPI for Swift: Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE, ...) are macros Swift cannot import; these return them. */
#include <mpi.h>

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype cmpi_int(void) { return MPI_INT; }
static inline MPI_Datatype cmpi_long_long(void) { return MPI_LONG_LONG; }
static inline MPI_Status *cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
