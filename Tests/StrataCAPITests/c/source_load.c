/* source_load.c: loads a Stan program and its data from text (strata_model_load_string), round-trips
 * strata_unconstrain / strata_constrain, and samples with sampler statistics (strata_sample_with_stats).
 *
 * Usage: source_load PROGRAM.stan DATA.json
 * Prints "key = value" lines (read by CAPISourceLoadTests) and exits with 0 only if every check passed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata.h"
#include "checks.h"

/* The whole file as a NUL-terminated string (NULL if it cannot be read). */
static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    text[got] = '\0';
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PROGRAM.stan DATA.json\n", argv[0]);
        return 2;
    }
    char *code = read_text(argv[1]), *data = read_text(argv[2]);
    if (!code || !data) {
        printf("FAIL cannot read the inputs\n");
        return 1;
    }
    strata_model *model = NULL;
    if (call(strata_model_load_string("decay_seed.stan", code, "decay_days.json", data, 0, &model),
             "strata_model_load_string") != STRATA_OK) return 1;
    int64_t n = 0, outputs = 0, p = -1, t = -1, g = -1;
    call(strata_model_dimension(model, &n), "strata_model_dimension");
    call(strata_model_output_count(model, &outputs), "strata_model_output_count");
    call(strata_model_output_counts(model, &p, &t, &g), "strata_model_output_counts");
    printf("dimension = %lld\noutputs = %lld\nparameters = %lld\ntransformed = %lld\ngenerated = %lld\n",
           (long long)n, (long long)outputs, (long long)p, (long long)t, (long long)g);
    check(p + t + g == outputs, "the block counts add up to the output count");

    /* unconstrain(constrain(x)) == x */
    double *x = malloc((size_t)n * sizeof(double)), *back = malloc((size_t)n * sizeof(double));
    double *values = malloc((size_t)outputs * sizeof(double));
    for (int64_t i = 0; i < n; i++) x[i] = 0.4 * cos(2.0 + (double)i);
    call(strata_constrain(model, x, n, values, outputs), "strata_constrain");
    call(strata_unconstrain(model, values, p, back, n), "strata_unconstrain");
    double worst = 0;
    for (int64_t i = 0; i < n; i++) worst = fmax(worst, fabs(back[i] - x[i]));
    printf("roundtrip_max_error = %.3g\n", worst);
    check(worst < 1e-9, "unconstrain inverts constrain");
    values[0] = -1; /* alpha has lower=0 */
    int status = strata_unconstrain(model, values, p, back, n);
    printf("out_of_support_status = %d\nout_of_support_message = %s\n", status, strata_last_error_message());
    check(status != STRATA_OK, "a value outside its support is an error");

    /* Sampling with statistics gives the same draws as without. */
    strata_sample_config config;
    strata_sample_config_default(&config);
    config.chains = 2;
    config.warmup = 200;
    config.samples = 100;
    config.thin = 2;
    config.seed = 99;
    int64_t length = 0;
    call(strata_sample_draws_length(model, &config, &length), "strata_sample_draws_length");
    int64_t kept = length / outputs, stats_length = kept * STRATA_SAMPLER_STAT_COUNT;
    double *draws = malloc((size_t)length * sizeof(double)), *again = malloc((size_t)length * sizeof(double));
    double *stats = malloc((size_t)stats_length * sizeof(double));
    call(strata_sample_with_stats(model, &config, NULL, 0, NULL, draws, length, stats, stats_length), "strata_sample_with_stats");
    call(strata_sample(model, &config, NULL, again, length), "strata_sample");
    check(memcmp(draws, again, (size_t)length * sizeof(double)) == 0, "same seed, same draws");
    int64_t divergent = 0, bad = 0;
    for (int64_t k = 0; k < kept; k++) {
        const double *s = stats + k * STRATA_SAMPLER_STAT_COUNT;
        divergent += s[5] == 1;
        bad += !(isfinite(s[0]) && s[1] >= 0 && s[1] <= 1 && s[2] > 0 && s[3] >= 0 && s[4] >= 1
                 && (s[5] == 0 || s[5] == 1) && isfinite(s[6]));
        bad += s[2] != stats[(k / (kept / 2)) * (kept / 2) * STRATA_SAMPLER_STAT_COUNT + 2]; /* one step size per chain */
    }
    printf("kept = %lld\ndivergent = %lld\nbad_stats = %lld\n", (long long)kept, (long long)divergent, (long long)bad);
    check(kept == 2 * 50, "kept draws: chains x ceil(samples / thin)");
    check(bad == 0, "every statistic is in its range");
    status = strata_sample_with_stats(model, &config, NULL, 0, NULL, draws, length, stats, stats_length - 1);
    printf("short_stats_status = %d\n", status);
    check(status == STRATA_ERROR_INVALID_ARGUMENT, "a short stats buffer is STRATA_ERROR_INVALID_ARGUMENT");

    /* From given initial values (alpha and N_initial; the sampler only uses alpha's, N_initial is integrated out). */
    call(strata_constrain(model, x, n, values, outputs), "strata_constrain");
    call(strata_sample_with_stats(model, &config, values, p, NULL, draws, length, NULL, 0), "sample from init");
    status = strata_sample_with_stats(model, &config, values, p - 1, NULL, draws, length, NULL, 0);
    printf("short_init_status = %d\nshort_init_message = %s\n", status, strata_last_error_message());
    check(status == STRATA_ERROR_INVALID_ARGUMENT, "an init of the wrong length is STRATA_ERROR_INVALID_ARGUMENT");
    strata_model_free(model);

    /* A program error names the program, line and column. */
    strata_model *broken = NULL;
    status = strata_model_load_string("broken.stan", "parameters {\n  real x\n}\n", NULL, NULL, 0, &broken);
    printf("broken_status = %d\nbroken_message = %s\n", status, strata_last_error_message());
    check(status == STRATA_ERROR_MODEL_LOAD && broken == NULL, "a broken program is STRATA_ERROR_MODEL_LOAD");
    status = strata_model_load_string("x.stan", code, NULL, data, 4, &broken);
    check(status == STRATA_ERROR_INVALID_ARGUMENT, "unknown flags are STRATA_ERROR_INVALID_ARGUMENT");

    free(code); free(data); free(x); free(back); free(values); free(draws); free(again); free(stats);
    printf("failures = %d\n", failures);
    return failures == 0 ? 0 : 1;
}
