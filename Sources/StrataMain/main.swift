// The `strata` executable: everything it does lives in the StrataCLI library (shared with strata-mpi).
import StrataCLI

strataMain()
