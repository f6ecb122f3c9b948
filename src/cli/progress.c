/*
 * progress.c — the progress line of long runs (translate, summarize).
 *
 * Drawn on standard error only when it is a terminal and -q was not given,
 * at most ten times a second, and cleared at the end, so that it never
 * mixes with the output or lands in a log file.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(struct cli_progress *p, const struct cli *cli, size_t total)
{
	p->on = !cli->opt.quiet && isatty(2);
	p->total = total;
	p->t0 = cli_now();
	p->last = 0;
}

void cli_progress_draw(struct cli_progress *p, double done, size_t shown_done,
                       const char *extra, int final)
{
	if (!p->on)
		return;
	double t = cli_now();
	if (!final && t - p->last < 0.1)
		return;
	p->last = t;
	double frac = p->total ? done / (double)p->total : 1;
	if (frac > 1)
		frac = 1;
	if (frac < 0)
		frac = 0;
	char eta[32] = "--:--";
	double el = t - p->t0;
	if (frac > 0.01) {
		long s = (long)(el / frac - el + 0.5);
		snprintf(eta, sizeof eta, "%ld:%02ld", s / 60, s % 60);
	}
	int w = (int)(frac * 20 + 0.5);
	int has_extra = extra && *extra;
	fprintf(stderr, "\r\033[K[%.*s%.*s] %zu/%zu files  %s%sETA %s", w,
	        "####################", 20 - w, "....................", shown_done,
	        p->total, has_extra ? extra : "", has_extra ? "  " : "", eta);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}
