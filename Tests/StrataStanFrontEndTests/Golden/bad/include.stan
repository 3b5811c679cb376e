functions {
#include my_functions.stan
}
