// Stop-signal handlers that only touch a sig_atomic_t and write(2): safe in any thread, at any time.
#include "strata_signals.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal = 0;
static char stop_message[256];
static size_t stop_message_length = 0;

static void on_stop_signal(int sig) {
    if (stop_signal != 0) {
        if (sig == SIGINT) _exit(130);
        return;
    }
    stop_signal = sig;
    if (stop_message_length > 0) {
        ssize_t ignored = write(STDERR_FILENO, stop_message, stop_message_length);
        (void)ignored;
    }
}

int strata_install_stop_handlers(const char *message) {
    size_t n = message ? strlen(message) : 0;
    if (n > sizeof(stop_message) - 1) n = sizeof(stop_message) - 1;
    memcpy(stop_message, message ? message : "", n);
    stop_message_length = n;
    stop_signal = 0;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    int signals[3] = {SIGINT, SIGTERM, SIGUSR1};
    for (int i = 0; i < 3; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

int strata_stop_signal(void) { return (int)stop_signal; }
