/* strata.h: the public C interface of Strata (libstrata_c), for C, C++ and Fortran (ISO_C_BINDING) callers.
 *
 * Strata fits Bayesian models with NUTS (many concurrent chains) and L-BFGS. This header is written
 * by hand and versioned: STRATA_API_VERSION changes whenever a declaration below changes, and
 * strata_api_version() returns the version the library was built with, so a program can check at
 * run time that it was compiled against a matching header.
 *
 * Conventions
 * - Every function that can fail returns an int status: STRATA_OK (0) on success, otherwise one of
 *   the STRATA_ERROR_* codes. The message of the calling thread's most recent failure is returned
 *   by strata_last_error_message(); it names the function and the argument at fault.
 * - No function aborts on bad input: NULL pointers, wrong lengths, out-of-range settings, missing
 *   or malformed files and handles that were already freed give an error code and a message.
 * - Array lengths are int64_t element counts (not bytes). Input arrays must have exactly the stated
 *   length; output arrays must have at least the stated length (extra elements are left untouched).
 * - Strings passed in are NUL-terminated UTF-8. Strings returned are owned by the library.
 *
 * Threads: different model handles may be used from different threads freely. On one handle, all
 * functions are safe to call concurrently; strata_log_density_gradient and strata_constrain are
 * serialised by a lock inside the handle (for parallel gradient evaluation, load one handle per
 * thread). strata_sample runs its chains on its own worker threads.
 *
 * Linking: cc prog.c -I<strata>/CSupport/include -L<strata>/.build/release -lstrata_c
 *          -Wl,-rpath,<strata>/.build/release
 * (build the library with `swift build -c release --product strata_c`).
 */
#ifndef STRATA_H
#define STRATA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the declarations in this header (an integer that only grows). */
#define STRATA_API_VERSION 2

/** Status codes returned by the functions below. */
enum strata_status {
    /** Success. */
    STRATA_OK = 0,
    /** An argument is NULL, has the wrong length, is out of range, or is a freed handle. */
    STRATA_ERROR_INVALID_ARGUMENT = 1,
    /** The model or its data could not be loaded (missing file, bad JSON, missing variable, ...). */
    STRATA_ERROR_MODEL_LOAD = 2,
    /** The log density could not be evaluated at the given point (outside the support, NaN, ...). */
    STRATA_ERROR_EVALUATION = 3,
    /** Sampling failed (no valid initial point, step-size search or adaptation failure, ...). */
    STRATA_ERROR_SAMPLING = 4,
    /** Optimisation failed (no feasible start, or the line search could make no progress). */
    STRATA_ERROR_OPTIMIZATION = 5,
    /** Output files could not be written. */
    STRATA_ERROR_IO = 6,
    /** The run would need more memory than the machine has (checked before allocating; the message
     *  says how much is needed and how much there is). */
    STRATA_ERROR_RESOURCES = 7,
    /** An unexpected internal error (please report it with the message). */
    STRATA_ERROR_INTERNAL = 99
};

/** An opaque, loaded model (graph plus data). Create with strata_model_load, release with strata_model_free. */
typedef struct strata_model strata_model;

/** The library version as "major.minor.patch" (static storage). */
const char *strata_version(void);

/** The STRATA_API_VERSION the library was built with. */
int strata_api_version(void);

/** The message of the calling thread's most recent failed call ("" if none). The pointer is valid
 *  until the next failing call on the same thread; copy it to keep it. Successful calls do not
 *  clear it, so read it only right after a function returned a nonzero status. */
const char *strata_last_error_message(void);

/* ---------------------------------------------------------------------------------------------- */
/* Models                                                                                          */

/** Loads a model.
 *  @param model           "builtin:decay", "builtin:eight_schools_noncentered",
 *                         "builtin:eight_schools_centered", or a path to a .stan program.
 *  @param data_json_path  a data file in CmdStan JSON format, or NULL for a model without data.
 *  @param out             receives the new handle (set to NULL on failure).
 *  @return STRATA_OK, STRATA_ERROR_INVALID_ARGUMENT (NULL model or out) or STRATA_ERROR_MODEL_LOAD. */
int strata_model_load(const char *model, const char *data_json_path, strata_model **out);

/** Like strata_model_load, but a Stan program's parameters that can be integrated out exactly are
 *  integrated out, as `strata sample --marginalise auto` does (README, Automatic marginalisation):
 *  strata_model_dimension counts only the sampled parameters, strata_log_density_gradient is the
 *  marginal density, and strata_sample still reports every output (integrated-out parameters are drawn
 *  from their exact conditionals). Built-in models load as with strata_model_load. */
int strata_model_load_marginalised(const char *model, const char *data_json_path, strata_model **out);

/** strata_model_load_string flag: skip the generated quantities block. */
#define STRATA_LOAD_NO_GENERATED_QUANTITIES 1
/** strata_model_load_string flag: sample the full joint density (integrate nothing out). */
#define STRATA_LOAD_NO_MARGINALISE 2

/** Loads a model from Stan program text and CmdStan JSON data text (no files are read).
 *  @param program_name  the program's name in error messages ("decay_seed.stan"; NULL: "model.stan");
 *                       the model's name is this without ".stan".
 *  @param stan_code     the Stan program.
 *  @param data_name     the data's name in error messages (NULL: "<data>").
 *  @param data_json     the data as CmdStan JSON text, or NULL for a program without data.
 *  @param flags         0, or STRATA_LOAD_* flags or'ed together.
 *  @param out           receives the new handle (set to NULL on failure).
 *  The log density, constrain, unconstrain and optimise calls use the full joint density. Sampling
 *  integrates out exactly the parameters `strata sample` integrates out (README, Automatic
 *  marginalisation) unless STRATA_LOAD_NO_MARGINALISE is set, so a seed gives the command line's draws.
 *  @return STRATA_OK, STRATA_ERROR_INVALID_ARGUMENT or STRATA_ERROR_MODEL_LOAD (the message names the
 *          file, line and column of a program error, or the data variable at fault). */
int strata_model_load_string(const char *program_name, const char *stan_code, const char *data_name,
                             const char *data_json, int flags, strata_model **out);

/** Releases a model and every string it returned. NULL is ignored; freeing a handle twice is
 *  detected and ignored (the error message is set). */
void strata_model_free(strata_model *model);

/** Number of unconstrained parameters: the length of x in strata_log_density_gradient. */
int strata_model_dimension(const strata_model *model, int64_t *out);

/** Number of constrained outputs (parameters, transformed parameters, generated quantities). */
int strata_model_output_count(const strata_model *model, int64_t *out);

/** How many of the outputs are parameters, transformed parameters and generated quantities (they are
 *  listed in that order). Any of the out pointers may be NULL. */
int strata_model_output_counts(const strata_model *model, int64_t *parameters, int64_t *transformed,
                               int64_t *generated);

/** Name of output `index` (0-based), CmdStan style ("mu", "theta.1", "Sigma.2.3"). The string is
 *  owned by the model and lives until strata_model_free. */
int strata_model_output_name(const strata_model *model, int64_t index, const char **out);

/* ---------------------------------------------------------------------------------------------- */
/* Log density                                                                                     */

/** Log density (up to a constant) and its gradient at an unconstrained point.
 *  @param x         n unconstrained values; n must equal strata_model_dimension.
 *  @param jacobian  nonzero: include the log-Jacobian of the constraining transforms (the density
 *                   NUTS samples); zero: leave it out (the density Stan's optimiser maximises).
 *  @param lp        receives the log density (-INFINITY when STRATA_ERROR_EVALUATION is returned).
 *  @param grad      receives n partial derivatives; may be NULL to compute lp only.
 *  @return STRATA_OK, STRATA_ERROR_INVALID_ARGUMENT or STRATA_ERROR_EVALUATION (x outside the
 *          support of the model, non-finite density); a sampler can treat the latter as a reject. */
int strata_log_density_gradient(strata_model *model, const double *x, int64_t n, int jacobian,
                                double *lp, double *grad);

/** Maps an unconstrained point to the constrained outputs.
 *  @param x        n unconstrained values (n = strata_model_dimension).
 *  @param outputs  receives strata_model_output_count values, in output-name order; m >= that count. */
int strata_constrain(strata_model *model, const double *x, int64_t n, double *outputs, int64_t m);

/** Maps the parameters' constrained values to an unconstrained point (the inverse of strata_constrain
 *  on the parameters).
 *  @param params  m constrained values in output order (CmdStan's, column-major within a matrix or
 *                 array), m = the `parameters` count of strata_model_output_counts.
 *  @param x       receives n unconstrained values (n = strata_model_dimension).
 *  @return STRATA_OK, STRATA_ERROR_INVALID_ARGUMENT or STRATA_ERROR_EVALUATION (a value outside its
 *          parameter's support; the message names the parameter). */
int strata_unconstrain(strata_model *model, const double *params, int64_t m, double *x, int64_t n);

/* ---------------------------------------------------------------------------------------------- */
/* Sampling (NUTS)                                                                                 */

/** NUTS settings. Always initialise with strata_sample_config_default, then change fields.
 *  The layout is fixed: 8 int32_t, then seed at byte offset 32 and adapt_delta at 40 (48 bytes). */
typedef struct strata_sample_config {
    int32_t chains;      /**< number of chains (default 4) */
    int32_t warmup;      /**< warmup iterations per chain (default 1000) */
    int32_t samples;     /**< sampling iterations per chain (default 1000) */
    int32_t thin;        /**< keep every thin-th sampling iteration (default 1) */
    int32_t max_depth;   /**< maximum tree depth, 1..30 (default 10) */
    int32_t metric;      /**< 0 unit, 1 diagonal (default), 2 dense, 3 diagonal plus low rank (O(d k); Fisher adaptation) */
    int32_t threads;     /**< worker threads running chains; 0 = one per core (default 0) */
    int32_t adapt;       /**< 0 no adaptation; 1 adapt step size and metric with the default adaptation (default 1;
                              Stan's windowed, or Fisher for metric 3); 2 Stan's windowed; 3 Fisher (nutpie's) */
    uint64_t seed;       /**< run seed; chain c uses stream (seed, c), so draws do not depend on threads (default 1234) */
    double adapt_delta;  /**< target acceptance statistic in (0, 1) (default 0.8) */
} strata_sample_config;

/** Fills `config` with Stan's defaults (see the field comments). NULL is ignored. */
void strata_sample_config_default(strata_sample_config *config);

/** Number of doubles strata_sample writes to `draws`:
 *  chains * ceil(samples / thin) * strata_model_output_count. */
int strata_sample_draws_length(const strata_model *model, const strata_sample_config *config, int64_t *out);

/** Runs NUTS from random initial points (uniform(-2, 2) on the unconstrained scale).
 *  @param output_dir  if not NULL, a folder (created if missing) that receives one CmdStan-compatible
 *                     CSV per chain, named <model>_<chain>.csv with chains numbered from 1.
 *  @param draws       if not NULL, receives the kept sampling draws of every output, chain-major:
 *                     draws[(c * kept + i) * outputs + j] is output j of kept draw i of chain c,
 *                     where kept = ceil(samples / thin).
 *  @param draws_len   length of `draws`, at least strata_sample_draws_length (ignored when draws is NULL).
 *  @return STRATA_OK, STRATA_ERROR_INVALID_ARGUMENT (bad config field, short buffer),
 *          STRATA_ERROR_SAMPLING, STRATA_ERROR_RESOURCES (not enough memory for the draws) or
 *          STRATA_ERROR_IO (output_dir cannot be created, or another run or thread is writing into it:
 *          each output folder is locked for one run at a time). */
int strata_sample(strata_model *model, const strata_sample_config *config, const char *output_dir,
                  double *draws, int64_t draws_len);

/** Number of sampler statistics strata_sample_with_stats writes per kept draw. */
#define STRATA_SAMPLER_STAT_COUNT 7

/** As strata_sample, from given initial values, and also writes the sampler statistics of every kept
 *  draw to `stats` (if not NULL): stats[(c * kept + i) * STRATA_SAMPLER_STAT_COUNT + k] is statistic k
 *  of kept draw i of chain c, in CmdStan's column order: lp__, accept_stat__, stepsize__, treedepth__,
 *  n_leapfrog__, divergent__ (0 or 1), energy__.
 *  @param init       NULL (random initial points, as strata_sample), or the parameters' constrained
 *                    values as strata_unconstrain takes them: p values (p = the `parameters` count of
 *                    strata_model_output_counts) used by every chain, or chains * p values, one point per
 *                    chain. Values of parameters the sampler integrates out are not used.
 *  @param init_len   length of `init` (ignored when init is NULL).
 *  @param stats_len  length of `stats`, at least chains * kept * STRATA_SAMPLER_STAT_COUNT. */
int strata_sample_with_stats(strata_model *model, const strata_sample_config *config, const double *init,
                             int64_t init_len, const char *output_dir, double *draws, int64_t draws_len,
                             double *stats, int64_t stats_len);

/* ---------------------------------------------------------------------------------------------- */
/* Optimisation (L-BFGS)                                                                           */

/** Finds the posterior mode with L-BFGS (Stan's default settings) from a random initial point.
 *  @param jacobian  nonzero: include the log-Jacobian (a MAP estimate on the unconstrained scale);
 *                   zero: the mode of the constrained density (Stan's default).
 *  @param seed      seeds the random initial point.
 *  @param outputs   receives the constrained outputs at the mode (m >= strata_model_output_count).
 *  @param lp        receives the log density at the mode (may be NULL).
 *  @return STRATA_OK (including when the iteration limit was hit), STRATA_ERROR_INVALID_ARGUMENT or
 *          STRATA_ERROR_OPTIMIZATION. When the line search fails, outputs and lp still hold the best
 *          point found and STRATA_ERROR_OPTIMIZATION is returned. */
int strata_optimize(strata_model *model, int jacobian, uint64_t seed, double *outputs, int64_t m, double *lp);

#ifdef __cplusplus
} /* extern "C" */
#endif

#if defined(__cplusplus)
static_assert(sizeof(strata_sample_config) == 48, "strata_sample_config layout");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(strata_sample_config) == 48, "strata_sample_config layout");
#endif

#endif /* STRATA_H */
