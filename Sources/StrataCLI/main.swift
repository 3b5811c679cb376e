// Entry point of the `strata` command line tool.
import Strata
print("strata: under construction")
