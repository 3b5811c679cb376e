// Async-signal-safe stop requests for the command-line tool: SIGINT, SIGTERM and SIGUSR1 set a flag that the sampler
// polls, instead of being routed through a dispatch source (which can lose a signal delivered to a worker thread while
// the disposition is SIG_IGN).
#ifndef STRATA_SIGNALS_H
#define STRATA_SIGNALS_H

/// Installs handlers for SIGINT, SIGTERM and SIGUSR1 (sigaction, SA_RESTART). The first signal records itself and
/// writes `message` (copied, at most 255 bytes) to standard error; later SIGTERM/SIGUSR1 are ignored, a second SIGINT
/// ends the process at once with status 130. Returns 0, or -1 if a handler could not be installed.
int strata_install_stop_handlers(const char *message);

/// The first stop signal received since the handlers were installed, or 0.
int strata_stop_signal(void);

#endif
