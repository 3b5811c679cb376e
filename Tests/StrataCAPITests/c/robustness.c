/* robustness.c: libstrata_c under misuse a host process must survive (stale handles, a shared output
 * folder, runs too large for memory).
 *
 * Usage: robustness DATA_JSON OUTPUT_DIR
 * Prints one "key = value" line per result (read by CAPIRobustnessTests).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "strata.h"

static const char *model_name = "builtin:eight_schools_noncentered";
static const char *data_path;
static const char *output_dir;
static strata_model *shared_model;
static int long_run_status = -1;

static void *long_run(void *unused) {
    (void)unused;
    strata_sample_config config;
    strata_sample_config_default(&config);
    config.chains = 2;
    config.threads = 2;
    config.samples = 150000;
    config.thin = 50;
    long_run_status = strata_sample(shared_model, &config, output_dir, NULL, 0);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: robustness DATA_JSON OUTPUT_DIR\n"); return 2; }
    data_path = argv[1];
    output_dir = argv[2];

    /* 1. A freed handle never acts on a model loaded later (old handles were reused addresses). */
    int stale_errors = 0, distinct = 1;
    for (int i = 0; i < 50; i++) {
        strata_model *old = NULL, *fresh = NULL;
        if (strata_model_load(model_name, data_path, &old) != STRATA_OK) { printf("load_failed = %s\n", strata_last_error_message()); return 1; }
        strata_model_free(old);
        if (strata_model_load(model_name, data_path, &fresh) != STRATA_OK) return 1;
        if (fresh == old) distinct = 0;
        int64_t n = -1;
        if (strata_model_dimension(old, &n) == STRATA_ERROR_INVALID_ARGUMENT && n == -1) stale_errors++;
        strata_model_free(fresh);
    }
    printf("stale_handle_errors = %d\n", stale_errors);
    printf("handles_distinct = %d\n", distinct);

    if (strata_model_load(model_name, data_path, &shared_model) != STRATA_OK) return 1;

    /* 2. A run whose draws cannot fit in memory is refused with a status, not an abort. */
    strata_sample_config huge;
    strata_sample_config_default(&huge);
    huge.samples = 2000000000;
    int status = strata_sample(shared_model, &huge, NULL, NULL, 0);
    printf("huge_status = %d\n", status);
    printf("huge_message = %s\n", strata_last_error_message());

    /* 3. Two runs into one output folder: the second fails while the first writes. */
    pthread_t thread;
    pthread_create(&thread, NULL, long_run, NULL);
    char partial[4096];
    snprintf(partial, sizeof partial, "%s/eight_schools_noncentered_1.csv.partial", output_dir);
    struct stat info;
    for (int i = 0; i < 3000 && stat(partial, &info) != 0; i++) {
        struct timespec pause = {0, 10000000};
        nanosleep(&pause, NULL);
    }
    strata_sample_config small;
    strata_sample_config_default(&small);
    small.chains = 1;
    status = strata_sample(shared_model, &small, output_dir, NULL, 0);
    printf("second_status = %d\n", status);
    printf("second_message = %s\n", strata_last_error_message());
    pthread_join(thread, NULL);
    printf("first_status = %d\n", long_run_status);
    printf("partial_left = %d\n", stat(partial, &info) == 0);
    strata_model_free(shared_model);
    return 0;
}
