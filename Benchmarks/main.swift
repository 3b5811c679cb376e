// Entry point of the benchmark executable.
import Strata
