/* example.c: a C program using libstrata_c the way batch code would (load, gradient, sample, optimise).
 *
 * Usage: example MODEL DATA_JSON OUTPUT_DIR
 * Prints one "key = value" line per result (read by CAPIProgramTests) and exits with 0 only if
 * every check passed; each failed check prints a line starting with "FAIL".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata.h"
#include "checks.h"

/* Central finite differences of the log density, using grad = NULL evaluations. */
static double max_gradient_error(strata_model *model, const double *x, int64_t n, const double *grad) {
    double *xp = malloc((size_t)n * sizeof(double));
    double worst = 0;
    memcpy(xp, x, (size_t)n * sizeof(double));
    for (int64_t i = 0; i < n; i++) {
        double h = 1e-6 * fmax(1.0, fabs(x[i])), up, down;
        xp[i] = x[i] + h;
        call(strata_log_density_gradient(model, xp, n, 1, &up, NULL), "lp at x + h");
        xp[i] = x[i] - h;
        call(strata_log_density_gradient(model, xp, n, 1, &down, NULL), "lp at x - h");
        xp[i] = x[i];
        double fd = (up - down) / (2 * h);
        double error = fabs(fd - grad[i]) / (1e-6 + fmax(fabs(fd), fabs(grad[i])));
        printf("grad[%lld] = %.10g fd = %.10g\n", (long long)i, grad[i], fd);
        if (error > worst) worst = error;
    }
    free(xp);
    return worst;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODEL DATA_JSON OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    printf("version = %s\n", strata_version());
    check(strata_api_version() == STRATA_API_VERSION, "header and library API versions match");

    strata_model *model = NULL;
    if (call(strata_model_load(argv[1], argv[2], &model), "strata_model_load") != STRATA_OK) return 1;

    int64_t n = 0, outputs = 0;
    call(strata_model_dimension(model, &n), "strata_model_dimension");
    call(strata_model_output_count(model, &outputs), "strata_model_output_count");
    printf("dimension = %lld\noutputs = %lld\n", (long long)n, (long long)outputs);
    for (int64_t j = 0; j < outputs; j++) {
        const char *name = NULL;
        call(strata_model_output_name(model, j, &name), "strata_model_output_name");
        printf("output[%lld] = %s\n", (long long)j, name);
    }

    /* Log density and gradient at a fixed point, checked against finite differences. */
    double *x = malloc((size_t)n * sizeof(double)), *grad = malloc((size_t)n * sizeof(double));
    for (int64_t i = 0; i < n; i++) x[i] = 0.3 * sin(1.0 + (double)i);
    double lp = NAN;
    call(strata_log_density_gradient(model, x, n, 1, &lp, grad), "strata_log_density_gradient");
    printf("lp = %.12g\n", lp);
    check(isfinite(lp), "lp is finite");
    double error = max_gradient_error(model, x, n, grad);
    printf("max_gradient_relative_error = %.3g\n", error);
    check(error < 1e-5, "gradient matches finite differences");

    /* Bad input is an error code and a message, never a crash. */
    int status = strata_log_density_gradient(model, x, n + 1, 1, &lp, grad);
    printf("wrong_length_status = %d\nwrong_length_message = %s\n", status, strata_last_error_message());
    check(status == STRATA_ERROR_INVALID_ARGUMENT, "a wrong length is STRATA_ERROR_INVALID_ARGUMENT");

    /* A short NUTS run with two chains on two threads. */
    strata_sample_config config;
    strata_sample_config_default(&config);
    config.chains = 2;
    config.warmup = 300;
    config.samples = 200;
    config.threads = 2;
    config.seed = 20261123;
    int64_t length = 0;
    call(strata_sample_draws_length(model, &config, &length), "strata_sample_draws_length");
    double *draws = malloc((size_t)length * sizeof(double));
    call(strata_sample(model, &config, argv[3], draws, length), "strata_sample");
    int64_t finite = 0;
    double mean0 = 0;
    for (int64_t k = 0; k < length; k++) finite += isfinite(draws[k]) ? 1 : 0;
    for (int64_t k = 0; k < length; k += outputs) mean0 += draws[k];
    printf("draws_length = %lld\ndraws_finite = %lld\n", (long long)length, (long long)finite);
    printf("mean_output0 = %.6g\n", mean0 / (double)(length / outputs));
    check(length == (int64_t)config.chains * config.samples * outputs, "draws length");
    check(finite == length, "every draw is finite");

    /* The mode (MAP on the unconstrained scale). */
    double *mode = malloc((size_t)outputs * sizeof(double)), mode_lp = NAN;
    call(strata_optimize(model, 1, 7, mode, outputs, &mode_lp), "strata_optimize");
    printf("optimize_lp = %.12g\n", mode_lp);
    check(isfinite(mode_lp) && mode_lp >= lp, "the mode is at least as probable as the test point");

    strata_model_free(model);
    strata_model_free(model); /* detected, not a crash */
    printf("double_free_message = %s\n", strata_last_error_message());
    free(x);
    free(grad);
    free(draws);
    free(mode);
    printf("failures = %d\n", failures);
    return failures == 0 ? 0 : 1;
}
