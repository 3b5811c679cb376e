/* checks.h: the check/call helpers the test programs share (a failed check prints "FAIL ..." and counts). */
#ifndef STRATA_TEST_CHECKS_H
#define STRATA_TEST_CHECKS_H

#include <stdio.h>

#include "strata.h"

static int failures = 0;

/* Counts a failure (and prints what) unless ok. */
static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

/* Calls a Strata function; on failure prints the message and counts a failure. */
static int call(int status, const char *what) {
    if (status != STRATA_OK) {
        printf("FAIL %s: status %d: %s\n", what, status, strata_last_error_message());
        failures++;
    }
    return status;
}

#endif
