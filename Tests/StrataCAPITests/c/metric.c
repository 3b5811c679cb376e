/* metric.c: the sampler switches of the C API: the low-rank metric with the Fisher adaptation, Stan's
 * adaptation named explicitly and bad combinations, on a marginalised model (the centred eight schools with
 * theta integrated out).
 *
 * Usage: metric MODEL.stan DATA_JSON OUTPUT_DIR
 * Prints one "key = value" line per result (read by CAPIMetricTests); exits with 0 unless a call failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata.h"

/* Mean of output `j` over every kept draw of a chain-major draws buffer. */
static double output_mean(const double *draws, int64_t length, int64_t outputs, int64_t j) {
    double sum = 0;
    int64_t n = length / outputs;
    for (int64_t i = 0; i < n; i++) sum += draws[i * outputs + j];
    return sum / (double)n;
}

/* Index of the output named `name`, or -1. */
static int64_t output_index(strata_model *model, const char *name) {
    int64_t outputs = 0;
    strata_model_output_count(model, &outputs);
    for (int64_t j = 0; j < outputs; j++) {
        const char *n = NULL;
        if (strata_model_output_name(model, j, &n) == STRATA_OK && strcmp(n, name) == 0) return j;
    }
    return -1;
}

/* Samples `model` with `metric` and `adapt`; prints "<tag>_status" (and the mean of output "mu"). */
static void run(strata_model *model, const char *tag, int metric, int adapt, const char *output_dir) {
    strata_sample_config config;
    strata_sample_config_default(&config);
    config.metric = metric;
    config.adapt = adapt;
    config.threads = 2;
    config.seed = 17;
    int64_t length = 0, outputs = 0;
    strata_sample_draws_length(model, &config, &length);
    strata_model_output_count(model, &outputs);
    double *draws = malloc((size_t)length * sizeof(double));
    int status = strata_sample(model, &config, output_dir, draws, length);
    printf("%s_status = %d\n", tag, status);
    if (status != STRATA_OK) printf("%s_message = %s\n", tag, strata_last_error_message());
    else printf("%s_mean = %.6f\n", tag, output_mean(draws, length, outputs, output_index(model, "mu")));
    free(draws);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: metric MODEL.stan DATA_JSON OUTPUT_DIR\n");
        return 2;
    }
    strata_model *plain = NULL, *marginal = NULL;
    if (strata_model_load(argv[1], argv[2], &plain) != STRATA_OK ||
        strata_model_load_marginalised(argv[1], argv[2], &marginal) != STRATA_OK) {
        printf("FAIL load: %s\n", strata_last_error_message());
        return 1;
    }
    int64_t d_plain = 0, d_marginal = 0, outputs_plain = 0, outputs_marginal = 0;
    strata_model_dimension(plain, &d_plain);
    strata_model_dimension(marginal, &d_marginal);
    strata_model_output_count(plain, &outputs_plain);
    strata_model_output_count(marginal, &outputs_marginal);
    printf("dimension_plain = %lld\ndimension_marginalised = %lld\n", (long long)d_plain, (long long)d_marginal);
    printf("outputs_plain = %lld\noutputs_marginalised = %lld\n", (long long)outputs_plain, (long long)outputs_marginal);

    char dir[4096];
    snprintf(dir, sizeof dir, "%s/lowrank", argv[3]);
    run(marginal, "lowrank", 3, 3, dir);          /* metric 3 = low rank, adapt 3 = Fisher */
    snprintf(dir, sizeof dir, "%s/stan", argv[3]);
    run(marginal, "stan", 1, 2, dir);             /* diagonal, Stan's windowed adaptation */
    snprintf(dir, sizeof dir, "%s/default", argv[3]);
    run(marginal, "default", 3, 1, dir);          /* adapt 1 with metric 3 means Fisher */
    run(plain, "bad_adapt", 1, 9, NULL);
    run(plain, "lowrank_stan", 3, 2, NULL);

    strata_model_free(plain);
    strata_model_free(marginal);
    return 0;
}
